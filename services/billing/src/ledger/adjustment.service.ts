import { createHash } from 'node:crypto';
import { problem, refuseUnlessStillSignedIn, validateInput, type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { formatMoney, localDateOf, money, ok, parseMoney, refused, userError, UserErrorCode, type Locale, type Result } from '@platform/core';
import { lockForTransaction, withTenant } from '@platform/db';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { lockAccount } from '../account-status/account-status.service';
import type { PaymentsUnanswered } from '../account-status/payments-unanswered';
import { reportProblem, requiredText } from '../input-rules';
import { PayableEntity } from '../payables/payable.entity';
import { lockRows } from './amount-owed.service';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { loadBalance } from './ledger.queries';
import { appendEntry, reviewRestorations } from './payment-ledger.service';
import { MAX_ADJUSTMENT_CENTS } from './amount-limits';

export interface AdjustmentInput {
  readonly serviceAccountId: string;
  /**
   * The account's payable (bill, citation, other charge) it charges or corrects, which it then applies to: a credit
   * pays down what that payable owes first, a charge is owed on it. Null or absent: the account in general.
   */
  readonly payableId?: string | null;
  readonly kind: 'FEE' | 'ADJUSTMENT';
  /** Signed decimal: positive charges the account, negative credits it (a fee is always positive). */
  readonly amount: string;
  readonly memo: string;
  /** Chosen by the client per intended adjustment; a retry with the same key returns the first result. */
  readonly idempotencyKey: string;
}

/**
 * What an adjustment of `kind` takes: a fee only charges, an adjustment goes
 * either way; neither is zero nor over MAX_ADJUSTMENT_CENTS, which the
 * refusal names as `locale` writes money.
 */
const adjustmentInput = (kind: AdjustmentInput['kind'], locale: Locale) =>
  z.object({
    serviceAccountId: z.string(),
    payableId: z
      .string()
      .nullish()
      .transform((id) => id ?? null),
    kind: z.literal(kind),
    amount: z.string().transform((text, check) => {
      const amount = parseMoney(text, 'USD', { allowNegative: kind === 'ADJUSTMENT' });
      if (amount.ok && (amount.value.cents > MAX_ADJUSTMENT_CENTS || amount.value.cents < -MAX_ADJUSTMENT_CENTS)) {
        return reportProblem(check, UserErrorCode.INVALID_AMOUNT, 'billing.adjustmentTooLarge', { max: formatMoney(money(MAX_ADJUSTMENT_CENTS), locale) });
      }
      if (amount.ok && amount.value.cents !== 0n) return amount.value.cents;
      return reportProblem(check, UserErrorCode.INVALID_AMOUNT, !amount.ok && amount.error === 'NEGATIVE_AMOUNT' ? 'billing.feeMustBePositive' : 'billing.invalidAmount');
    }),
    memo: requiredText(500),
    idempotencyKey: z.string().trim().min(1, problem(UserErrorCode.REQUIRED, 'error.required')).max(200, problem(UserErrorCode.TOO_LONG, 'error.tooLong')),
  });

/** The ledger source id for a client's idempotency key: stable per city and key, in uuid form. */
function sourceIdForKey(tenantId: string, scope: string, key: string): string {
  const hex = createHash('sha256').update(`${tenantId}\n${scope}\n${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Staff charge a fee or correct an account, with a reason; idempotent by key.
 * Every problem with the input is reported at once. Staff changed what a
 * resident owes: the city's ADMIN sees it in the audit log (ids and amount,
 * never the account number). A closed account takes no credit beyond what it
 * owes (closedAccountCreditRefusal).
 */
export async function recordAdjustment(ctx: TenantContext, input: AdjustmentInput, actor: string, paymentsUnanswered: PaymentsUnanswered): Promise<Result<LedgerEntryEntity>> {
  const valid = validateInput(adjustmentInput(input.kind, ctx.locale), input, ctx.locale);
  if (!valid.ok) return valid;
  const adjustment = valid.value;
  const sourceId = sourceIdForKey(ctx.tenant.id, 'adjustment', adjustment.idempotencyKey);
  return withTenant(ctx, async (manager) => {
    // The payable first, then the account, the order payments lock them in: the ledger row's key check share-locks the
    // payable, which a payment of it holds for update while it waits for the account.
    if (adjustment.payableId) await lockRows(manager, [adjustment.payableId], []);
    // Locked before its ledger row is written: that row's key check share-locks the account, and the restoration review
    // below then locks it for update; two adjustments to one account, each holding the share lock, would deadlock.
    const account = await lockAccount(manager, adjustment.serviceAccountId);
    if (!account) return refused(userError(ctx.locale, ['input', 'serviceAccountId'], UserErrorCode.ACCOUNT_NOT_FOUND, 'billing.accountNotFound'));
    const payable = adjustment.payableId ? await manager.getRepository(PayableEntity).findOneBy({ id: adjustment.payableId, serviceAccountId: account.id }) : null;
    if (adjustment.payableId && !payable) return refused(userError(ctx.locale, ['input', 'payableId'], UserErrorCode.PAYABLE_NOT_FOUND, 'billing.payableNotOnAccount'));
    await refuseUnlessStillSignedIn(manager, ctx);
    // Serialise retries of one key, so the second waits for the first and then finds its entry.
    await lockForTransaction(manager, sourceId);
    const existing = await manager.getRepository(LedgerEntryEntity).findOneBy({ sourceId });
    if (!existing) {
      const refusal = account.status === 'CLOSED' && adjustment.amount < 0n ? await closedAccountCreditRefusal(manager, ctx, account.id, adjustment.amount, paymentsUnanswered) : null;
      if (refusal) return refusal;
      const today = localDateOf(ctx.clock.now(), ctx.tenant.timeZone);
      await appendEntry(manager, ctx, {
        serviceAccountId: account.id,
        kind: adjustment.kind,
        amountCents: adjustment.amount,
        effectiveDate: today,
        // A charge on a payable is due with it (a bill corrected up before its due date is not owed at once); one on the
        // account, or on a payable already due, is due when it is made.
        dueDate: payable && adjustment.amount > 0n && payable.dueDate > today ? payable.dueDate : null,
        payableId: payable?.id ?? null,
        sourceId,
        memo: adjustment.memo,
        recordedBy: actor,
      });
      await reviewRestorations(manager, ctx, [account.id]);
      await recordSecurityEvent(manager, ctx, {
        kind: 'ADJUSTMENT_RECORDED',
        detail: { serviceAccountId: account.id, ...(payable && { payableId: payable.id }), kind: adjustment.kind, amountCents: adjustment.amount.toString() },
      });
    }
    const entry = existing ?? (await manager.getRepository(LedgerEntryEntity).findOneByOrFail({ sourceId }));
    if (entry.serviceAccountId !== account.id || entry.payableId !== adjustment.payableId || entry.kind !== adjustment.kind || entry.amountCents !== adjustment.amount) {
      return refused(userError(ctx.locale, ['input', 'idempotencyKey'], UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'billing.idempotencyKeyReused'));
    }
    return ok(entry);
  });
}

/**
 * A closed account is never billed again, so it must hold none of the
 * resident's money (closeServiceAccount's rule): a credit may lower what it
 * still owes, but what it would take beyond that (counting payments not yet
 * posted, which will pay it) is the resident's payment to refund instead
 * (ACCOUNT_HOLDS_CREDIT, naming how much). While a payment of the account is
 * still with the processor, billing cannot tell what it will owe:
 * PAYMENT_BEING_CONFIRMED. Read under the account's lock, which a payment
 * takes to go on billing's books, so none lands between this and the entry.
 */
async function closedAccountCreditRefusal(
  manager: EntityManager,
  ctx: TenantContext,
  serviceAccountId: string,
  creditCents: bigint,
  paymentsUnanswered: PaymentsUnanswered,
): Promise<Result<never> | null> {
  const balance = await loadBalance(manager, ctx, serviceAccountId);
  const owedAfterPending = balance.postedCents - balance.pendingCents;
  const left = owedAfterPending + creditCents;
  if (left < 0n) {
    const written = (cents: bigint) => formatMoney(money(cents), ctx.locale);
    return refused(
      userError(ctx.locale, ['input', 'amount'], UserErrorCode.ACCOUNT_HOLDS_CREDIT, 'billing.correctionLeavesClosedCredit', {
        owed: written(owedAfterPending > 0n ? owedAfterPending : 0n),
        credit: written(-left),
      }),
    );
  }
  if ((await paymentsUnanswered(manager, [serviceAccountId])).has(serviceAccountId)) {
    return refused(userError(ctx.locale, ['input', 'amount'], UserErrorCode.PAYMENT_BEING_CONFIRMED, 'billing.correctionPaymentBeingConfirmed'));
  }
  return null;
}
