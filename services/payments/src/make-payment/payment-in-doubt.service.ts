import { userError, type Locale, UserErrorCode, type UserError } from '@platform/core';
import { runPrepared, tenantRead, type BoundStatement } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { STALE_PENDING_MS } from '../payment/payment.state';
import { ACCOUNTS_WITH_OTHER_PAYMENTS_IN_DOUBT } from '../payment/payment.statements';
import type { PaymentScope } from '../payment-scope';
import type { ResolvedAllocation } from './payment-allocation.service';

type InDoubtRow = { readonly service_account_id: string };

/**
 * Refuses a new payment to an account another payment of which is in doubt:
 * its payer was told "we are confirming your payment" (or saw the request
 * fail), and reconciliation will settle it within minutes. Until then the
 * account's balance does not show it, so paying again under a new key would
 * charge twice (refuseOverpayment counts it, but only against what is owed,
 * and only where the city takes no credit). A retry under the first
 * payment's own key is its replay, not refused here; payments still in
 * flight are not in doubt, so payments made together all go through.
 * PAYMENT_BEING_CONFIRMED at `["input","allocations",i]`, `allocations[i]`
 * being the request's allocation i.
 */
export async function refuseWhileInDoubt(scope: PaymentScope, allocations: readonly ResolvedAllocation[], idempotencyKey: string, locale: Locale): Promise<UserError[]> {
  const [rows] = (await tenantRead(scope, [inDoubtQuery(scope, allocations, idempotencyKey)])) as InDoubtRow[][];
  return refusalsOf(rows!, allocations, locale);
}

/**
 * refuseWhileInDoubt, read in the caller's transaction: in the one that
 * records the payment, after its locks, it sees every payment that went
 * into doubt up to that moment, not only up to an earlier check.
 */
export async function refuseWhileInDoubtWithin(
  manager: EntityManager,
  scope: PaymentScope,
  allocations: readonly ResolvedAllocation[],
  idempotencyKey: string,
  rules: InDoubtRefusalRules,
): Promise<UserError[]> {
  const { statement, values } = inDoubtQuery(scope, allocations, idempotencyKey);
  return refusalsOf(await runPrepared<InDoubtRow>(manager, statement, values), allocations, rules.locale, rules.message);
}

function inDoubtQuery(scope: PaymentScope, allocations: readonly ResolvedAllocation[], idempotencyKey: string): BoundStatement {
  const inFlightSince = new Date(scope.clock.now().getTime() - STALE_PENDING_MS);
  return { statement: ACCOUNTS_WITH_OTHER_PAYMENTS_IN_DOUBT, values: [[...new Set(allocations.map((a) => a.serviceAccountId))], idempotencyKey, inFlightSince] };
}

/** How the refusal is worded: to the payer (the web, the phone line), or to the clerk taking money at the counter. */
export interface InDoubtRefusalRules {
  readonly locale: Locale;
  readonly message: 'payment.beingConfirmed' | 'payment.beingConfirmedAtCounter';
}

function refusalsOf(rows: readonly InDoubtRow[], allocations: readonly ResolvedAllocation[], locale: Locale, message: InDoubtRefusalRules['message'] = 'payment.beingConfirmed'): UserError[] {
  const inDoubt = new Set(rows.map((row) => row.service_account_id));
  return allocations.flatMap((allocation, index) =>
    inDoubt.has(allocation.serviceAccountId) ? [userError(locale, ['input', 'allocations', index], UserErrorCode.PAYMENT_BEING_CONFIRMED, message)] : [],
  );
}
