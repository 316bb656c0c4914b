import { randomUUID } from 'node:crypto';
import { platformMetrics } from '@platform/api';
import { afterCommit, runPrepared } from '@platform/db';
import { appendEvent, inlineEvent } from '@platform/events';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { PaymentMoved, paymentEventFacts } from './payment.events';
import { paymentStates, type PaymentStatus } from './payment.state';
import { PaymentEntity } from './payment.entity';
import type { PaymentLineEntity } from './payment-line.entity';
import { reasonText, type TransitionReason } from './transition-reason';
import { LOCK_PAYMENT, LOCK_PAYMENT_WITH_LINES, MOVE_PAYMENT, paymentFromRow, paymentLineFromRow, type PaymentLineRow, type PaymentRow } from './payment.statements';

export interface TransitionInput {
  readonly to: PaymentStatus;
  readonly actor: string;
  readonly reason: TransitionReason;
  readonly processorRef?: string | null;
  /** Other columns that change with the status (charge id, decline code, posted at...). */
  readonly changes?: PaymentFacts;
  /**
   * When the move happened, when the processor made it before we learned of it (a void in its dashboard): the
   * transition's time, so what is dated by it (Daily totals) has it on its day. Ignored unless earlier than now; the
   * event, and the payment's updated_at, are of now, when it was recorded.
   */
  readonly happenedAt?: Date | null;
}

/** Columns that change with a status, or on their own (an e-check's settlement, a second partial refund). */
export type PaymentFacts = Partial<Pick<PaymentEntity, 'processorChargeId' | 'declineCode' | 'returnCode' | 'postedAt' | 'settledAt' | 'refundedCents'>>;

/**
 * Moves a locked payment to a new status, in the caller's transaction, with
 * its transition record and the event subscribers see. `payment` is as read
 * under the lock (lockPayment) or as inserted in this transaction: its facts
 * the move leaves alone are written back as they are. A move the state
 * machine does not allow, staying in the same status included, is a bug,
 * not a user error.
 */
export async function movePayment(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, input: TransitionInput): Promise<void> {
  paymentStates.assertMove(payment.status, input.to, payment.id);
  await movePaymentUnchecked(manager, scope, payment, input);
}

async function movePaymentUnchecked(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, input: TransitionInput): Promise<void> {
  const now = scope.clock.now();
  // The row is locked and `payment` read under that lock, so its unchanged facts are the row's: all are written back.
  const facts = { ...payment, ...input.changes };
  // Inline, like the PENDING event: a payment's events of one transaction (a counter payment's PENDING and CAPTURED) keep their order.
  const event = inlineEvent(manager, scope.tenant.id, PaymentMoved, {
    paymentId: payment.id,
    confirmationNumber: payment.confirmationNumber,
    from: payment.status,
    status: input.to,
    totalCents: payment.totalCents,
    ...paymentEventFacts(payment),
  });
  await runPrepared(manager, MOVE_PAYMENT, [
    scope.tenant.id,
    payment.id,
    input.to,
    now,
    facts.processorChargeId,
    facts.declineCode,
    facts.returnCode,
    facts.postedAt,
    facts.settledAt,
    facts.refundedCents,
    randomUUID(),
    payment.status,
    input.actor,
    reasonText(input.reason),
    input.processorRef ?? null,
    event.type,
    event.payload,
    input.happenedAt && input.happenedAt < now ? input.happenedAt : now,
  ]);
  Object.assign(payment, { status: input.to, updatedAt: now, ...input.changes });
  countWhenCommitted(manager, scope, payment, input.to);
}

/**
 * A change to a locked payment that leaves its status as it is but belongs in its history (a dispute lost: the payment
 * stays DISPUTED): a transition from its status to the same, and the event of it, as movePayment writes them, so staff
 * following the payment hear of it. Not for a status change: movePayment checks those.
 */
export async function restatePayment(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, input: Omit<TransitionInput, 'to' | 'changes'>): Promise<void> {
  await movePaymentUnchecked(manager, scope, payment, { ...input, to: payment.status });
}

/** Counts a payment's move into `status` in the platform's metrics, once its transaction commits. */
export function countWhenCommitted(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, status: PaymentStatus): void {
  afterCommit(manager, () => countTransition(scope, payment, status));
}

/** Counts a payment's move into `status` in the platform's metrics; call it once the move has committed. */
export function countTransition(scope: PaymentScope, payment: PaymentEntity, status: PaymentStatus): void {
  platformMetrics.paymentTransitions.inc({ city: scope.tenant.slug, channel: payment.channel, method: payment.methodKind, status });
}

/** Records facts about a locked payment that leave its status as it is: no transition, no event. */
export async function updatePayment(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, facts: PaymentFacts): Promise<void> {
  const now = scope.clock.now();
  await manager.getRepository(PaymentEntity).update({ id: payment.id }, { updatedAt: now, ...facts });
  Object.assign(payment, { updatedAt: now, ...facts });
}

/**
 * A further refund of a locked payment that leaves its status as it is (a
 * second partial refund, a refund of the fee alone): its refunded total, and
 * the event of its status again (from PARTIALLY_REFUNDED to the same), so
 * those who follow the payment's events (a payer's receipt page, a staff
 * board) hear of the money that went back, as they do of the first refund.
 * No transition: the refund's own history (its operation) tells it.
 */
export async function recordFurtherRefund(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, refundedCents: bigint): Promise<void> {
  await updatePayment(manager, scope, payment, { refundedCents });
  appendEvent(manager, scope.tenant.id, PaymentMoved, {
    subjectId: payment.id,
    payload: {
      paymentId: payment.id,
      confirmationNumber: payment.confirmationNumber,
      from: payment.status,
      status: payment.status,
      totalCents: payment.totalCents,
      ...paymentEventFacts(payment),
    },
    occurredAt: scope.clock.now(),
  });
}

/** Locks a payment row for a state change; null when it is not this city's. */
export async function lockPayment(manager: EntityManager, paymentId: string): Promise<PaymentEntity | null> {
  const [row] = await runPrepared<PaymentRow>(manager, LOCK_PAYMENT, [paymentId]);
  return row ? paymentFromRow(row) : null;
}

/** lockPayment, and the payment's lines in line order, in one round trip. */
export async function lockPaymentWithLines(manager: EntityManager, paymentId: string): Promise<{ readonly payment: PaymentEntity; readonly lines: PaymentLineEntity[] } | null> {
  const [row] = await runPrepared<PaymentRow & { readonly lines: PaymentLineRow[] }>(manager, LOCK_PAYMENT_WITH_LINES, [paymentId]);
  if (!row) return null;
  const { lines, ...payment } = row;
  return { payment: paymentFromRow(payment), lines: lines.map(paymentLineFromRow) };
}
