import { createHash } from 'node:crypto';
import { disputePayment, restoreDisputedPayment } from '@platform/billing';
import { formatMoney, money } from '@platform/core';
import { withdrawPendingNotices } from '@platform/notifications';
import type { Dispute } from '@platform/processor';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { noticeLocale, queuePaymentNotice } from '../payment/payment-emails.service';
import { movePayment, restatePayment } from '../payment/payment-transition.service';
import type { PaymentEntity } from '../payment/payment.entity';
import { linesOfPayment } from '../payment/payment.queries';
import type { PaymentStatus } from '../payment/payment.state';
import { owedAgainFacts } from '../refunds-and-voids/owed-again.service';
import { findDispute, insertDispute, markDisputeClosed } from './dispute.queries';

/*
 * A card holder's dispute (chargeback), as the processor's feed tells of it, recorded on the payment the caller locked.
 * Opened: the processor has already taken the disputed amount back from the city, so it comes off the accounts the
 * payment paid (as a returned e-check's does: its bills owed and past due again, a restoration it paid for withdrawn),
 * the payment is DISPUTED with the dispute beside it, a receipt still waiting is not sent, and the payer is told what is
 * owed again. Won: the money came back, and so does the payment's credit (POSTED, or PARTIALLY_REFUNDED as it was). Lost:
 * it stays taken back; the network's dispute fee is the city's cost, kept on the dispute, never put on an account.
 * Recording either twice changes nothing (the dispute's row, by the processor's id, says it is recorded).
 */

/** Whose the moves are: the processor's, as a refund made in its dashboard is. */
const ACTOR = 'processor';
/** A payment whose money is on the ledger, all or some of it: what a dispute takes back from. */
const DISPUTABLE: readonly PaymentStatus[] = ['POSTED', 'PARTIALLY_REFUNDED'];
/** A card charge not yet posted: the posting job posts it (on its day, or on a refund), and the dispute is recorded then. */
const NOT_YET_POSTED: readonly PaymentStatus[] = ['CAPTURED', 'PENDING', 'UNKNOWN'];

/**
 * The ledger's id for a processor dispute (its entries' source, a uuid): a name-based UUID (version 5's layout, over
 * SHA-256) of the processor's id, so the same dispute is the same source however often it is recorded.
 */
export function ledgerSourceOfDispute(disputeId: string): string {
  const hex = createHash('sha256').update(`processor-dispute:${disputeId}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Records a dispute opened; WAIT while the payment is not yet posted (the feed sets it aside and tries again). */
export async function recordDisputeOpened(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, dispute: Dispute, log: Logger): Promise<'RECORDED' | 'WAIT'> {
  if (await findDispute(manager, dispute.id)) return 'RECORDED';
  if (NOT_YET_POSTED.includes(payment.status)) return 'WAIT';
  if (!DISPUTABLE.includes(payment.status)) {
    // Refunded in full, voided or returned already: nothing of it stands to take back. Kept for staff to see, and logged.
    log.warn({ paymentId: payment.id, disputeId: dispute.id, status: payment.status }, 'a dispute of a payment with nothing left on the ledger: kept, nothing taken back');
    await insertDispute(manager, scope, payment.id, dispute);
    return 'RECORDED';
  }
  const lines = await linesOfPayment(manager, payment.id);
  // What the processor took back comes off the lines in order, each no more than refunds left it; a convenience fee
  // disputed (it went to the processor) comes last, off no account.
  let left = dispute.amountCents;
  const taken = lines.map((line) => {
    const standing = line.amountCents - line.refundedCents;
    const take = left < standing ? left : standing;
    left -= take > 0n ? take : 0n;
    return take > 0n ? take : 0n;
  });
  const toAccounts = taken.reduce((sum, cents) => sum + cents, 0n);
  if (toAccounts > 0n) {
    await disputePayment(manager, scope, {
      paymentId: payment.id,
      disputeId: ledgerSourceOfDispute(dispute.id),
      amountCents: toAccounts,
      memo: { kind: 'CARD_DISPUTED', reason: dispute.reason },
      actor: ACTOR,
      accountsInOrder: lines.map((line) => line.serviceAccountId),
    });
  }
  await insertDispute(manager, scope, payment.id, dispute);
  await movePayment(manager, scope, payment, {
    to: 'DISPUTED',
    actor: ACTOR,
    reason: { kind: 'DISPUTE_OPENED', reason: dispute.reason, amountCents: dispute.amountCents },
    processorRef: dispute.id,
    happenedAt: dispute.createdAt,
  });
  await withdrawPendingNotices(manager, payment, 'PAYMENT_RECEIPT');
  if (toAccounts === 0n) return 'RECORDED';
  const locale = noticeLocale(scope, payment);
  const owed = await owedAgainFacts(manager, scope, payment, lines, taken);
  await queuePaymentNotice(manager, scope, payment, 'PAYMENT_DISPUTED', { ...owed, disputedAmount: formatMoney(money(dispute.amountCents), locale), disputeReason: dispute.reason }, lines);
  return 'RECORDED';
}

/** Records a dispute decided; one never seen opened (its event lost to a feed read again) is recorded opened first. */
export async function recordDisputeClosed(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, dispute: Dispute, log: Logger): Promise<'RECORDED' | 'WAIT'> {
  let recorded = await findDispute(manager, dispute.id);
  if (!recorded) {
    if ((await recordDisputeOpened(manager, scope, payment, { ...dispute, status: 'OPEN', closedAt: null }, log)) === 'WAIT') return 'WAIT';
    recorded = await findDispute(manager, dispute.id);
  }
  if (!recorded || recorded.status !== 'OPEN' || dispute.status === 'OPEN') return 'RECORDED';
  const closedAt = dispute.closedAt ?? scope.clock.now();
  await markDisputeClosed(manager, dispute.id, dispute.status, closedAt);
  // The dispute took nothing from a payment that was not DISPUTED by it (kept above): nothing to give back or restate.
  if (payment.status !== 'DISPUTED') return 'RECORDED';
  const won = dispute.status === 'WON';
  const reason = { kind: 'DISPUTE_CLOSED', won, amountCents: recorded.amountCents } as const;
  if (won) {
    // The notice that the money was taken back, still waiting (both events read in one pass): it no longer holds.
    await withdrawPendingNotices(manager, payment, 'PAYMENT_DISPUTED');
    await restoreDisputedPayment(manager, scope, { paymentId: payment.id, disputeId: ledgerSourceOfDispute(dispute.id), memo: { kind: 'DISPUTE_WON' }, actor: ACTOR });
    await movePayment(manager, scope, payment, { to: payment.refundedCents > 0n ? 'PARTIALLY_REFUNDED' : 'POSTED', actor: ACTOR, reason, processorRef: dispute.id, happenedAt: closedAt });
  } else {
    await restatePayment(manager, scope, payment, { actor: ACTOR, reason, processorRef: dispute.id, happenedAt: closedAt });
  }
  return 'RECORDED';
}
