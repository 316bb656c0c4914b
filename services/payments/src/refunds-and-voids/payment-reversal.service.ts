import { refundPayment as refundOnLedger, reversePayment } from '@platform/billing';
import { formatMoney, isCounterMethod, localDateOf, money } from '@platform/core';
import { withdrawPendingNotices } from '@platform/notifications';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { queuePaymentNotice } from '../payment/payment-emails.service';
import { movePayment, updatePayment } from '../payment/payment-transition.service';
import type { PaymentEntity } from '../payment/payment.entity';
import { reasonText, type TransitionReason } from '../payment/transition-reason';
import { PaymentLineEntity } from '../payment/payment-line.entity';
import { owedAgainFacts, takenFromLines } from './owed-again.service';

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
export async function finishVoid(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, actor: string, reason: TransitionReason): Promise<void> {
  if (payment.status === 'VOIDED') return;
  await reversePayment(manager, scope, payment.id, `voided: ${reasonText(reason)}`, actor);
  await movePayment(manager, scope, payment, { to: 'VOIDED', actor, reason, processorRef: payment.processorChargeId });
  await withdrawPendingNotices(manager, payment, 'PAYMENT_RECEIPT');
  await queuePaymentNotice(manager, scope, payment, 'PAYMENT_VOIDED', voidFacts(scope, payment));
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
  readonly reason: string;
  readonly actor: string;
  readonly processorRef: string | null;
}

/**
 * A refund the processor made: the part that had gone to the accounts is
 * owed again (a refunded convenience fee was never on an account). A refund
 * comes off the accounts' share first and the fee last, so the fee goes back
 * only with the whole of the rest. The payment moves to PARTIALLY_REFUNDED or
 * REFUNDED; a further partial refund changes only the refunded total. The
 * payer is told what was refunded, what it took back from the accounts, and
 * how much of that is owed again (owed-again.service.ts).
 */
export async function recordRefund(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, refund: SettledRefund): Promise<void> {
  const before = payment.refundedCents;
  const after = before + refund.amountCents;
  const min = (a: bigint, b: bigint) => (a < b ? a : b);
  const toAccounts = min(after, payment.amountCents) - min(before, payment.amountCents);
  const lines = await manager.getRepository(PaymentLineEntity).find({ where: { paymentId: payment.id }, order: { lineNo: 'ASC' } });
  if (toAccounts > 0n) {
    const accountsInOrder = lines.map((line) => line.serviceAccountId);
    await refundOnLedger(manager, scope, { paymentId: payment.id, refundId: refund.id, amountCents: toAccounts, reason: refund.reason, actor: refund.actor, accountsInOrder });
  }
  const to = after >= payment.totalCents ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (to === payment.status) await updatePayment(manager, scope, payment, { refundedCents: after });
  else await movePayment(manager, scope, payment, { to, actor: refund.actor, reason: { kind: 'STAFF', text: refund.reason }, processorRef: refund.processorRef, changes: { refundedCents: after } });
  const owed = await owedAgainFacts(manager, scope, payment, lines, takenFromLines(lines, min(before, payment.amountCents), min(after, payment.amountCents)));
  await queuePaymentNotice(
    manager,
    scope,
    payment,
    'PAYMENT_REFUNDED',
    {
      refundedAmount: formatMoney(money(refund.amountCents), payment.payerLocale),
      ...owed,
      // Staff may not resend the receipt of a payment refunded in full (notification-staff.service.ts): the notices are
      // all notifications sees of it.
      ...(to === 'REFUNDED' ? { refundedInFull: 'true' } : {}),
    },
    lines,
  );
}
