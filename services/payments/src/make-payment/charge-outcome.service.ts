import { recordPendingPayment } from '@platform/billing';
import { runPrepared, withTenant } from '@platform/db';
import { answerAbout, type Charge, type ProcessorResult } from '@platform/processor';
import { isUuid } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { blockClosedBankAccount } from '../e-checks/closed-bank-account';
import { recordReturn } from '../e-checks/echeck-return.service';
import { queuePaymentNotice } from '../payment/payment-emails.service';
import { LINES_OF_PAYMENT, paymentLineFromRow, type PaymentLineRow } from '../payment/payment.statements';
import { lockPaymentWithLines, movePayment, type TransitionInput } from '../payment/payment-transition.service';
import type { PaymentLineEntity } from '../payment/payment-line.entity';
import type { PaymentEntity } from '../payment/payment.entity';
import type { TransitionReason } from '../payment/transition-reason';
import { METHOD_GONE_AT_PROCESSOR, methodGoneIn, retireSavedMethod } from '../wallet/method-gone';

/** The processor's key for a payment's charge: the payment's own id, so any retry of the call reuses it. */
export const chargeKeyFor = (paymentId: string) => `payment-${paymentId}`;

/** The payment a charge was made for, from the charge's key (chargeKeyFor); null for a key that is no payment's. */
export function paymentIdOfChargeKey(key: string): string | null {
  const id = key.startsWith('payment-') ? key.slice('payment-'.length) : '';
  return isUuid(id) ? id : null;
}

/** Who learns a charge's outcome as it is recorded. */
export type OutcomeAudience =
  /** The request that made the charge: its answer says whether it went through. */
  | 'REQUEST'
  /**
   * Nobody is waiting (reconciliation, long after the payer was told "being
   * confirmed"): a charge that did not go through is emailed, except an
   * autopay charge, whose run tells the payer itself, with its retry.
   */
  | 'NOBODY_WAITING';

/**
 * Records what the processor said about a payment's charge, in one
 * transaction with billing's pending amounts and the receipt (or, when
 * nobody is waiting for the answer, the notice that it did not go through).
 * Safe to call again (a retry, or reconciliation racing the request): a
 * payment that has already left PENDING/UNKNOWN is returned as it is.
 */
export async function applyChargeOutcome(scope: PaymentScope, paymentId: string, answer: ProcessorResult<Charge | null>, actor: string, audience: OutcomeAudience = 'REQUEST'): Promise<PaymentEntity> {
  return withTenant(scope, async (manager) => {
    const locked = await lockPaymentWithLines(manager, paymentId);
    if (!locked) throw new Error(`payment ${paymentId} vanished`);
    const { payment, lines } = locked;
    if (payment.status !== 'PENDING' && payment.status !== 'UNKNOWN') return payment;
    // Reconciliation finds the charge by the payment's key alone: one of another amount is not this payment's to book.
    const result = answerAbout(answer, (charge) => charge === null || charge.amountCents === payment.totalCents);
    // A caller who asked for the outcome by text (payerPhone) may have hung up, or heard "being confirmed", while this request went on.
    const tellPayerOfFailure = payment.channel !== 'AUTOPAY' && (audience === 'NOBODY_WAITING' || payment.payerPhone !== null);

    if (result.outcome === 'UNKNOWN') {
      if (payment.status === 'PENDING') await movePayment(manager, scope, payment, { to: 'UNKNOWN', actor, reason: { kind: 'NO_ANSWER', silence: result.reason } });
      return payment;
    }
    const methodGone = payment.savedMethodId !== null && methodGoneIn(result);
    if (methodGone) await retireSavedMethod(manager, payment.savedMethodId!, scope.clock.now());
    // The bank, not the payer's wallet, lost the account: every other resident's copy of it is as dead as this one.
    if (payment.methodKind === 'BANK_ACCOUNT' && result.outcome === 'DECLINED' && result.code === 'INVALID_ACCOUNT')
      await blockClosedBankAccount(manager, scope, { fingerprint: payment.methodFingerprint, last4: payment.methodLast4 });
    if (result.outcome === 'DECLINED') {
      await movePayment(manager, scope, payment, { to: 'DECLINED', actor, reason: { kind: 'DECLINED', code: result.code, message: result.message }, changes: { declineCode: result.code } });
      if (tellPayerOfFailure) await queuePaymentNotice(manager, scope, payment, 'PAYMENT_FAILED', {}, lines);
      return payment;
    }
    if (result.outcome === 'REJECTED' || result.value === null) {
      const reason: TransitionReason = result.outcome === 'REJECTED' ? { kind: 'REFUSED', code: result.code, message: result.message } : { kind: 'NO_CHARGE' };
      await movePayment(manager, scope, payment, { to: 'FAILED', actor, reason, changes: methodGone ? { declineCode: METHOD_GONE_AT_PROCESSOR } : {} });
      if (tellPayerOfFailure) await queuePaymentNotice(manager, scope, payment, 'PAYMENT_FAILED', {}, lines);
      return payment;
    }

    const charge = result.value;
    // Reconciliation may learn of a charge long after it was made, in any state it has reached since.
    if (charge.status === 'RETURNED') {
      await recordReturn(manager, scope, payment, charge, actor);
      return payment;
    }
    if (charge.status === 'VOIDED') {
      await movePayment(manager, scope, payment, {
        to: 'VOIDED',
        actor,
        reason: { kind: 'VOIDED_AT_PROCESSOR' },
        processorRef: charge.id,
        happenedAt: charge.voidedAt,
        changes: { processorChargeId: charge.id, settledAt: scope.clock.now() },
      });
      // Nothing was taken: the payer, last told "being confirmed", hears it did not go through.
      if (tellPayerOfFailure) await queuePaymentNotice(manager, scope, payment, 'PAYMENT_FAILED', {}, lines);
      return payment;
    }
    const to = charge.kind === 'BANK_ACCOUNT' ? 'AUTHORIZED' : 'CAPTURED';
    await recordMoneyIn(
      manager,
      scope,
      payment,
      {
        to,
        actor,
        reason: { kind: to === 'AUTHORIZED' ? 'ECHECK_ACCEPTED' : 'CARD_CHARGED' },
        processorRef: charge.id,
        changes: { processorChargeId: charge.id, settledAt: charge.status === 'SETTLED' ? scope.clock.now() : null },
      },
      lines,
    );
    return payment;
  });
}

/**
 * A locked PENDING or UNKNOWN payment whose money is in (charged, accepted, or
 * handed over at the counter): moves it, puts its amounts on billing's books
 * as pending, and queues the receipt, all in the caller's transaction.
 * `knownLines`: the payment's lines in line order, when the caller has them.
 */
export async function recordMoneyIn(
  manager: EntityManager,
  scope: PaymentScope,
  payment: PaymentEntity,
  move: TransitionInput & { readonly to: 'AUTHORIZED' | 'CAPTURED' },
  knownLines?: readonly PaymentLineEntity[],
): Promise<void> {
  await movePayment(manager, scope, payment, move);
  const lines = knownLines ?? (await runPrepared<PaymentLineRow>(manager, LINES_OF_PAYMENT, [payment.id])).map(paymentLineFromRow);
  // The receipt first: billing's account locks come last, so they are held only for the ledger rows and the commit.
  await queuePaymentNotice(manager, scope, payment, 'PAYMENT_RECEIPT', {}, lines);
  await recordPendingPayment(manager, scope, {
    paymentId: payment.id,
    allocations: lines.map((line) => ({ serviceAccountId: line.serviceAccountId, payableId: line.payableId, amountCents: line.amountCents })),
    madeAt: payment.madeAt,
    expectedPostingDate: payment.expectedPostingDate,
  });
}
