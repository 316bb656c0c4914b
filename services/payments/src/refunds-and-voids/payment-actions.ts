import { isCounterMethod, localDateOf, type MessageKey } from '@platform/core';
import type { PaymentEntity } from '../payment/payment.entity';
import type { PaymentStatus } from '../payment/payment.state';
import type { PaymentType } from '../payment/payment.types';

/*
 * What staff may do to a payment, by its record (and for a void, the time):
 * the rules refundPayment and voidPayment apply, and what the API tells the
 * console (Payment.refundable, Payment.voidable) so it offers only what can
 * work.
 */

type ActionFields = Pick<PaymentEntity, 'status' | 'methodKind' | 'settledAt' | 'refundedCents' | 'totalCents' | 'processorChargeId'>;

/**
 * An e-check its bank has not settled, as far as we know: accepted
 * (AUTHORIZED) or posted to the ledger on its posting day, with no settlement
 * recorded. Its money has not moved, so it is voided, not refunded (a
 * processor refuses to refund an unsettled charge). One the bank settled
 * before its posting day is still AUTHORIZED, but refunded, not voided.
 */
function isUnsettledEcheck(payment: Pick<ActionFields, 'methodKind' | 'status' | 'settledAt'>): boolean {
  return payment.methodKind === 'BANK_ACCOUNT' && payment.settledAt === null && (payment.status === 'AUTHORIZED' || payment.status === 'POSTED');
}

/** Money came in and may still be with the processor: the statuses a refund starts from. */
const REFUNDED_FROM: readonly PaymentStatus[] = ['CAPTURED', 'AUTHORIZED', 'POSTED', 'PARTIALLY_REFUNDED'];

/** Why a refund or void is refused: a message, and the status it names ("A payment whose status is …"), worded by the caller. */
export interface ActionRefusal {
  readonly key: MessageKey;
  readonly status?: PaymentStatus;
}

/**
 * Why a payment takes no refund, by its record; null when it takes one. A
 * posted e-check with no settlement recorded is sent on: the processor may
 * have settled it before the settlement job has looked. One not yet posted is
 * refunded only when `settledAtProcessor` (the processor said so just now):
 * a refund posts it first, which a refusal must not leave done.
 */
export function refundRefusal(payment: ActionFields, settledAtProcessor = false): ActionRefusal | null {
  if (payment.status === 'AUTHORIZED' && isUnsettledEcheck(payment) && !settledAtProcessor) return { key: 'payment.voidInstead' };
  // No processor holds the money of a counter payment: the office gives it back in person.
  if (isCounterMethod(payment.methodKind)) return { key: 'payment.counterNotRefundable' };
  // The card holder's bank took its money back already (a dispute open, or lost): a refund would give it back twice.
  if (payment.status === 'DISPUTED') return { key: 'payment.disputedNotRefundable' };
  if (!REFUNDED_FROM.includes(payment.status)) return { key: 'payment.notRefundable', status: payment.status };
  return null;
}

/**
 * Whether to offer a refund of some of it now (an open void, checked under
 * lock when asked, aside). Not for an e-check with no settlement recorded:
 * its void is what to offer, though a refund asked for is still sent on.
 */
export function isRefundable(payment: ActionFields): boolean {
  return refundRefusal(payment) === null && !isUnsettledEcheck(payment) && payment.refundedCents < payment.totalCents;
}

/**
 * Why a payment takes no void, as staff are told it: to refund it instead
 * while a refund may still give money back, else the status that allows
 * neither (refunded in full, declined, failed, returned). Asked once the
 * void is refused, by its record or by the processor: a processor that
 * refuses to void an e-check has settled it, as far as it knows, and
 * refundPayment asks it (so `settledAtProcessor`).
 */
export function voidRefusal(payment: ActionFields): ActionRefusal {
  return refundRefusal(payment, true) === null ? { key: 'payment.notVoidable' } : { key: 'payment.notVoidableStatus', status: payment.status };
}

/** Whether a void may be asked of the processor at `now`: a card charge not yet posted, on the processor's day it was made; an e-check its bank has not settled. */
export function isVoidableAt(payment: ActionFields & Pick<PaymentEntity, 'madeAt'>, now: Date): boolean {
  return isVoidable(payment) && processorStillVoids(payment, now);
}

/** Payment.voidable of a payment the processor holds, at `now`: isVoidableAt, from the API's payment, which has the record's half (isVoidable) but not the record. */
export function isVoidableFieldAt(payment: Pick<PaymentType, 'voidable' | 'method' | 'madeAt'>, now: Date): boolean {
  return payment.voidable && processorStillVoids({ methodKind: payment.method.kind, madeAt: payment.madeAt }, now);
}

/** isVoidableAt by the record alone (what toPaymentType can say, without a clock): the processor holds a charge of it, not posted or not settled. */
export function isVoidable(payment: ActionFields): boolean {
  return payment.processorChargeId !== null && (payment.status === 'CAPTURED' || isUnsettledEcheck(payment));
}

/**
 * Whether the processor would still void the charge at `now`. A card charge
 * only on the day, in UTC, it was made: the processor's batch closes at
 * midnight UTC, whatever the city's time zone (at 4 PM in Norwalk in
 * winter), and from then on the money is refunded. The payment's time
 * stands for the charge's: the charge was made then or, found later by
 * reconciliation, after, so no void is offered past the processor's day.
 */
function processorStillVoids(payment: Pick<PaymentEntity, 'methodKind' | 'madeAt'>, now: Date): boolean {
  return payment.methodKind !== 'CARD' || processorDayOf(payment.madeAt) === processorDayOf(now);
}

const processorDayOf = (instant: Date): string => instant.toISOString().slice(0, 10);

/**
 * Whether a counter payment (POSTED from the moment it is taken) may be voided
 * at `now`: only on the day it was taken, in the city's calendar (`timeZone`).
 * That day's cash and checks are counted and deposited together at its end;
 * after that the money is in the bank, and a mistake is put right as any
 * money given back is: at the office, with an adjustment on the account.
 */
/**
 * Whether a counter check may be recorded as returned by its bank at `now` (recordReturnedCheck, Payment.checkReturnable):
 * a check still paying the city (posted, perhaps refunded in part), on a day after the one it was taken, in the city's
 * calendar (on its day it is in the clerk's drawer, undeposited: it is voided instead).
 */
export function isCheckReturnableAt(payment: { readonly methodKind: string; readonly status: PaymentStatus; readonly madeAt: Date }, now: Date, timeZone: string): boolean {
  return payment.methodKind === 'CHECK' && CHECK_STANDING.includes(payment.status) && localDateOf(payment.madeAt, timeZone) < localDateOf(now, timeZone);
}

/** A check still paying the city: posted, perhaps refunded in part. One refunded in full has nothing left to take back. */
export const CHECK_STANDING: readonly PaymentStatus[] = ['POSTED', 'PARTIALLY_REFUNDED'];

export function isCounterVoidableAt(payment: Pick<PaymentEntity, 'status' | 'madeAt'>, now: Date, timeZone: string): boolean {
  return payment.status === 'POSTED' && localDateOf(payment.madeAt, timeZone) === localDateOf(now, timeZone);
}
