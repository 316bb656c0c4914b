import { refundPayment as refundOnLedger, reversePayment, type PaymentMemo } from '@platform/billing';
import { formatMoney, isCounterMethod, localDateOf, money } from '@platform/core';
import { withdrawPendingNotices } from '@platform/notifications';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { noticeLocale, queuePaymentNotice } from '../payment/payment-emails.service';
import { movePayment, recordFurtherRefund } from '../payment/payment-transition.service';
import type { PaymentEntity } from '../payment/payment.entity';
import type { TransitionReason } from '../payment/transition-reason';
import { PaymentLineEntity } from '../payment/payment-line.entity';
import { owedAgainFacts } from './owed-again.service';
import { accountsInRefundOrder, refundFits, takenByRefund, type AccountHolds } from './refund-lines';

/*
 * The payment's side of money going back, in the caller's transaction, on a
 * locked payment: whatever asked for it (staff, or the processor reporting a
 * void made there) and whenever we learn of it.
 */

/**
 * A void the processor made: the accounts' pending or posted amount is taken
 * back, and the payer, sent a receipt, is told it was cancelled (a receipt
 * still waiting to go out is not sent); for cash or a check recorded at the
 * counter, that the city will apply or return what was handed over. The
 * audit log's PAYMENT_VOIDED is not written here but by
 * applyOperationOutcome, for voids staff asked for: one
 * made in the processor's own dashboard (found by the e-check settlement job,
 * or for a card by the posting job)
 * has nobody of the city's to name, and is in the payment's history as the
 * processor's.
 */
export async function finishVoid(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, actor: string, reason: VoidReason, happenedAt: Date | null = null): Promise<void> {
  if (payment.status === 'VOIDED') return;
  await reversePayment(manager, scope, payment.id, reason.kind === 'STAFF' ? { kind: 'VOIDED_BY_STAFF', reason: reason.text } : { kind: 'VOIDED_AT_PROCESSOR' }, actor);
  await movePayment(manager, scope, payment, { to: 'VOIDED', actor, reason, processorRef: payment.processorChargeId, happenedAt });
  await withdrawPendingNotices(manager, payment, 'PAYMENT_RECEIPT');
  await queuePaymentNotice(manager, scope, payment, 'PAYMENT_VOIDED', voidFacts(scope, payment));
}

/** Why a payment is voided: staff asked (their reason), or it was voided in the processor's own dashboard. */
type VoidReason = Extract<TransitionReason, { kind: 'STAFF' | 'VOIDED_AT_PROCESSOR' }>;

/**
 * Records a void made in the processor's own dashboard, found since (by a job, or by staff's refund or void): the
 * processor's, with that reason, dated when the processor says it voided the charge (`voidedAt`; null: it does not say).
 */
export function finishDashboardVoid(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, voidedAt: Date | null): Promise<void> {
  return finishVoid(manager, scope, payment, 'processor', { kind: 'VOIDED_AT_PROCESSOR' }, voidedAt);
}

/**
 * What the void notice needs beyond the payment's facts. Cash or a check was
 * handed over at the office, so "no money will be taken, pay again" would
 * have the resident pay twice: a counter payment's notice names the day it
 * was recorded (city time), which tells the template to say so instead.
 */
function voidFacts(scope: PaymentScope, payment: PaymentEntity): Record<string, string> {
  return isCounterMethod(payment.methodKind) ? { recordedAtOfficeOn: localDateOf(payment.madeAt, scope.tenant.timeZone) } : {};
}

export interface SettledRefund {
  readonly id: string;
  readonly amountCents: bigint;
  /** The account it was asked of, whose share alone gives it; null: the payment's lines in order. */
  readonly serviceAccountId: string | null;
  readonly reason: string;
  readonly actor: string;
  readonly processorRef: string | null;
}

/**
 * A refund the processor made: the part that had gone to the accounts is
 * owed again (a refunded convenience fee was never on an account). A refund
 * asked of one account comes off that account's share only; any other comes
 * off the lines in their order, leaving what `holds` (the payment's other
 * open refunds asked of one account) will take, and off the fee last, so the
 * fee goes back only with the whole of the rest (refund-lines.ts). Each of
 * `lines` (the payment's, in line order, as the caller read them to see the
 * refund fits) keeps what it gave. The payment moves to PARTIALLY_REFUNDED or REFUNDED; a further
 * partial refund changes only the refunded total, with an event all the same
 * (recordFurtherRefund). The payer is told what was
 * refunded, what it took back from the accounts, and how much of that is
 * owed again (owed-again.service.ts); once refunded in full, a receipt still
 * waiting to go out is not sent.
 */
export async function recordRefund(
  manager: EntityManager,
  scope: PaymentScope,
  payment: PaymentEntity,
  refund: SettledRefund,
  lines: readonly PaymentLineEntity[],
  holds: AccountHolds,
): Promise<void> {
  const after = payment.refundedCents + refund.amountCents;
  // applyOperationOutcome records a refund only while it fits (its stillTakes), leaving other refunds what they hold.
  if (!refundFits(payment, lines, refund.amountCents, refund.serviceAccountId, holds)) throw new Error(`refund ${refund.id} exceeds what its payment has left for it`);
  const taken = takenByRefund(lines, refund.amountCents, refund.serviceAccountId, holds);
  const toAccounts = taken.reduce((sum, cents) => sum + cents, 0n);
  if (toAccounts > 0n) {
    const accountsInOrder = accountsInRefundOrder(lines, taken);
    // Only the processor's own refunds (recordRefundsMadeAtProcessor) are recorded as its: every other has staff's reason.
    const memo: PaymentMemo = refund.actor === 'processor' ? { kind: 'REFUNDED_AT_PROCESSOR' } : { kind: 'REFUNDED_BY_STAFF', reason: refund.reason };
    await refundOnLedger(manager, scope, { paymentId: payment.id, refundId: refund.id, amountCents: toAccounts, memo, actor: refund.actor, accountsInOrder });
    for (const [i, line] of lines.entries()) {
      if (taken[i]! === 0n) continue;
      line.refundedCents += taken[i]!;
      await manager.getRepository(PaymentLineEntity).update({ paymentId: payment.id, lineNo: line.lineNo }, { refundedCents: line.refundedCents });
    }
  }
  const to = after >= payment.totalCents ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (to === payment.status) await recordFurtherRefund(manager, scope, payment, after);
  else await movePayment(manager, scope, payment, { to, actor: refund.actor, reason: { kind: 'STAFF', text: refund.reason }, processorRef: refund.processorRef, changes: { refundedCents: after } });
  // As for a void: a receipt still waiting (a copy staff resent, say) would tell the payer, after this notice, that the
  // city has the money it gave back. After a partial refund it still holds some, and the receipt goes.
  if (to === 'REFUNDED') await withdrawPendingNotices(manager, payment, 'PAYMENT_RECEIPT');
  const owed = await owedAgainFacts(manager, scope, payment, lines, taken);
  await queuePaymentNotice(
    manager,
    scope,
    payment,
    'PAYMENT_REFUNDED',
    {
      refundedAmount: formatMoney(money(refund.amountCents), noticeLocale(scope, payment)),
      ...owed,
      // Staff may not resend the receipt of a payment refunded in full (notification-staff.service.ts): the notices are
      // all notifications sees of it.
      ...(to === 'REFUNDED' ? { refundedInFull: 'true' } : {}),
    },
    lines,
  );
}
