import { createHash } from 'node:crypto';
import { type Locale, UserErrorCode } from '@platform/core';
import { userContacts } from '@platform/customers';
import { withTenant } from '@platform/db';
import { findTenantBySlug } from '@platform/tenants';
import type { PaymentScope } from '../payment-scope';
import { PaymentEntity } from '../payment/payment.entity';
import type { PaymentStatus } from '../payment/payment.state';
import type { PaymentsSettings } from '../payments-settings';
import { applyChargeOutcome, chargeKeyFor } from './charge-outcome.service';
import { recordPending } from './make-payment.service';
import { resolvePaymentMethod } from './payment-method.service';

/*
 * Charging a customer's saved method when the customer is not there: the
 * autopay run. The same path as makePayment (a PENDING payment committed
 * under a unique idempotency key before the processor is called, the
 * processor's own key being the payment id, the outcome recorded with the
 * ledger's pending amount and the receipt), without a request.
 */

export interface SavedMethodCharge {
  /** The customer who saved the method; the payment is theirs (their history, their receipt, their language). */
  readonly userId: string;
  readonly savedMethodId: string;
  readonly serviceAccountId: string;
  /** What goes to the account; the city's convenience fee, if any, is added on top. */
  readonly amountCents: bigint;
  /**
   * Unique per intended charge. A second call with it never charges again:
   * it answers with the first call's payment as it stands now.
   */
  readonly idempotencyKey: string;
  /** Recorded on the payment's transitions, e.g. "autopay". */
  readonly actor: string;
}

/**
 * - CHARGED: the processor took the money (the payment may have moved on since: posted, refunded...).
 * - DECLINED: the payer's bank said no; `payment.declineCode` says why.
 * - FAILED: the processor refused or never made the charge; nothing was taken.
 * - IN_DOUBT: the processor has not answered (or the first call with this key
 *   is still waiting); reconciliation settles the payment, never a guess.
 * - REFUSED: nothing was recorded or charged, for `refusal`.
 */
export type SavedMethodChargeResult =
  { readonly outcome: 'CHARGED' | 'DECLINED' | 'FAILED' | 'IN_DOUBT'; readonly payment: PaymentEntity } | { readonly outcome: 'REFUSED'; readonly payment: null; readonly refusal: SavedMethodRefusal };

/** Why a saved method cannot be charged: gone, or no longer taken by the city; or an amount over the city's limit. */
export type SavedMethodRefusal = 'METHOD_NOT_FOUND' | 'METHOD_NOT_ACCEPTED' | 'AMOUNT_TOO_LARGE';

/** What a job charging on a customer's behalf needs: the city, its database and clock, and a language for anything it writes. */
export type SavedMethodChargeScope = PaymentScope & { readonly locale: Locale };

export async function chargeSavedMethod(scope: SavedMethodChargeScope, settings: PaymentsSettings, request: SavedMethodCharge): Promise<SavedMethodChargeResult> {
  const hash = chargeHash(request);
  // One transaction for both: a first attempt needs the payer's contact, a repeated one its payment.
  const { earlier, contact } = await withTenant(scope, async (manager) => ({
    earlier: await manager.getRepository(PaymentEntity).findOneBy({ idempotencyKey: request.idempotencyKey }),
    contact: (await userContacts(manager, [request.userId])).get(request.userId),
  }));
  if (earlier) return resultOf(earlier, hash);

  const tenant = await findTenantBySlug(scope.db, scope.tenant.slug);
  if (!tenant) throw new Error(`tenant ${scope.tenant.slug} vanished`);
  if (request.amountCents <= 0n) throw new RangeError('a charge must be positive');
  if (request.amountCents > BigInt(tenant.settings.paymentRules.maxPaymentCents)) return refused('AMOUNT_TOO_LARGE');
  const method = await resolvePaymentMethod({ ...scope, viewer: { userId: request.userId } }, settings.processor, tenant, { savedMethodId: request.savedMethodId }, null);
  if (!method.ok) return refused(method.userErrors.some((e) => e.code === UserErrorCode.METHOD_NOT_FOUND) ? 'METHOD_NOT_FOUND' : 'METHOD_NOT_ACCEPTED');

  const recorded = await recordPending(
    scope,
    tenant,
    { userId: request.userId, email: contact?.email ?? null, noticeUserId: request.userId, locale: contact?.locale ?? scope.locale, actor: request.actor, channel: 'AUTOPAY' },
    { idempotencyKey: request.idempotencyKey, requestHash: hash },
    [{ serviceAccountId: request.serviceAccountId, payableId: null, amountCents: request.amountCents }],
    method.value,
  );
  // A concurrent call with this key recorded the payment first; it makes the one processor call.
  if (!recorded.value.created) return resultOf(recorded.value.payment, hash);
  const payment = recorded.value.payment;
  const result = await settings.processor.charge({
    idempotencyKey: chargeKeyFor(payment.id),
    amountCents: payment.totalCents,
    source: method.value.source,
    description: `${tenant.settings.displayName} autopay ${payment.confirmationNumber}`,
  });
  return resultOf(await applyChargeOutcome(scope, payment.id, result, request.actor), hash);
}

const refused = (refusal: SavedMethodRefusal): SavedMethodChargeResult => ({ outcome: 'REFUSED', payment: null, refusal });

/**
 * What an earlier payment under the key says of its charge. One in doubt
 * that reconciliation settled as returned by the bank or voided took no
 * money: a failed attempt (retried on the city's schedule), not a charge.
 */
const OUTCOMES: Partial<Record<PaymentStatus, 'DECLINED' | 'FAILED' | 'IN_DOUBT'>> = {
  DECLINED: 'DECLINED',
  FAILED: 'FAILED',
  RETURNED: 'FAILED',
  VOIDED: 'FAILED',
  PENDING: 'IN_DOUBT',
  UNKNOWN: 'IN_DOUBT',
};

export function resultOf(payment: PaymentEntity, hash: string): SavedMethodChargeResult {
  // Keys are derived by the caller, so a key naming another charge is a bug there, not something to answer.
  if (payment.requestHash !== hash) throw new Error(`idempotency key ${payment.idempotencyKey} was used for a different charge`);
  return { outcome: OUTCOMES[payment.status] ?? 'CHARGED', payment };
}

export function chargeHash(request: SavedMethodCharge): string {
  const canonical = ['saved-method-charge', request.userId, request.savedMethodId, request.serviceAccountId, request.amountCents.toString()];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
