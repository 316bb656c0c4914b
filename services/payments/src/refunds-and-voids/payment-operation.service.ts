import { randomUUID } from 'node:crypto';
import { recordSecurityEvent, type SecurityContext } from '@platform/auth';
import { releaseRestorationHold } from '@platform/billing';
import { withTenant } from '@platform/db';
import type { Logger } from 'pino';
import type { PaymentProcessor, ProcessorResult } from '@platform/processor';
import { linesOfPayment } from '../payment/payment.queries';
import type { EntityManager } from 'typeorm';
import { In, LessThan, Not } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import type { PaymentLineEntity } from '../payment/payment-line.entity';
import { lockPayment } from '../payment/payment-transition.service';
import { PaymentEntity } from '../payment/payment.entity';
import { canMove } from '../payment/payment.state';
import { reasonText, type TransitionReason } from '../payment/transition-reason';
import { operationStates, type OperationKind, type OperationStatus } from './payment-operation.state';
import { PaymentOperationTransitionEntity } from './payment-operation-transition.entity';
import { PaymentOperationEntity } from './payment-operation.entity';
import { finishVoid, recordRefund } from './payment-reversal.service';
import { holdsOf, refundFits, type AccountHolds } from './refund-lines';
import { approvalOfOperation } from '../approvals/giving-back-approval.service';

/*
 * Refunds and voids are operations of a payment (Kill Bill's payment
 * transactions): each is recorded PENDING with its own key before the
 * processor is called, and whatever the processor says, whenever it says it
 * (the request, or reconciliation asking again under the same key), is
 * applied by applyOperationOutcome alone. The one operation no processor
 * carries out, a counter payment's void, is recorded and applied at once by
 * voidWithoutProcessor, with the same history, payment side and audit entry.
 */

/** Operations still waiting on the processor: a payment with an open void neither posts nor takes a refund. */
export const OPEN: readonly OperationStatus[] = ['PENDING', 'UNKNOWN'];

export interface NewOperation {
  readonly kind: OperationKind;
  /** The client's key (a refund's); without one (a void), the processor key is the operation's key too. */
  readonly idempotencyKey?: string;
  readonly amountCents: bigint;
  /** A refund asked of one account the payment paid; null or absent, of its lines in order. */
  readonly serviceAccountId?: string | null;
  readonly reason: string;
  readonly actor: string;
}

/** Records a PENDING operation of a locked payment, in the caller's transaction. */
export async function openOperation(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, input: NewOperation): Promise<PaymentOperationEntity> {
  const now = scope.clock.now();
  const id = randomUUID();
  const processorKey = `${input.kind.toLowerCase()}-${id}`;
  const operation: PaymentOperationEntity = Object.assign(new PaymentOperationEntity(), {
    tenantId: scope.tenant.id,
    id,
    paymentId: payment.id,
    kind: input.kind,
    idempotencyKey: input.idempotencyKey ?? processorKey,
    processorKey,
    amountCents: input.amountCents,
    serviceAccountId: input.serviceAccountId ?? null,
    reason: input.reason,
    actor: input.actor,
    status: 'PENDING' as const,
    processorRef: null,
    createdAt: now,
    updatedAt: now,
  });
  await manager.getRepository(PaymentOperationEntity).insert(operation);
  await recordTransition(manager, scope, operation, null, { actor: input.actor, reason: { kind: 'STAFF', text: input.reason }, processorRef: null });
  return operation;
}

/** The processor's answer to an operation, as applyOperationOutcome takes it. */
export type OperationOutcome =
  | { readonly status: 'SUCCEEDED'; readonly processorRef: string; readonly reason: TransitionReason & { readonly kind: 'DONE' } }
  /** `code`: the processor's, e.g. charge_not_settled. */
  | { readonly status: 'FAILED'; readonly reason: TransitionReason; readonly code: string }
  | { readonly status: 'UNKNOWN'; readonly reason: TransitionReason };

/** Sends (or sends again: same key, so never twice) an operation to the processor, and reads its answer. */
export async function sendOperation(processor: PaymentProcessor, payment: PaymentEntity, operation: PaymentOperationEntity): Promise<OperationOutcome> {
  const chargeId = payment.processorChargeId;
  if (!chargeId) throw new Error(`payment ${payment.id} has an operation but no charge`);
  if (operation.kind === 'REFUND') return outcomeOf(await processor.refund({ idempotencyKey: operation.processorKey, chargeId, amountCents: operation.amountCents }), 'refunded');
  return outcomeOf(await processor.void({ idempotencyKey: operation.processorKey, chargeId }), 'voided');
}

function outcomeOf(result: ProcessorResult<{ readonly id: string }>, done: 'refunded' | 'voided'): OperationOutcome {
  if (result.outcome === 'OK') return { status: 'SUCCEEDED', processorRef: result.value.id, reason: { kind: 'DONE', done } };
  if (result.outcome === 'UNKNOWN') return { status: 'UNKNOWN', reason: { kind: 'NO_ANSWER', silence: result.reason } };
  return { status: 'FAILED', reason: { kind: 'REFUSED', code: result.code, message: result.message }, code: result.code };
}

/**
 * Who applies the processor's answer: the staff request that sent it (its
 * context, whose client address the audit log takes), or a job passing on a
 * later answer (reconciliation), which has no address of its own.
 */
export type OutcomeScope = PaymentScope | (PaymentScope & SecurityContext);

/**
 * Applies the processor's answer to an operation, once: with its history
 * row, and when it succeeded, with the payment's side (refunded on the
 * ledger, or voided) and the audit log's entry in the same transaction. An
 * operation already settled is left as it is, so a late or repeated answer
 * changes nothing, but for a refusal the processor now says it carried out
 * (a copy of the request, sent before the refusal was recorded, went through
 * later): the money moved, so it is recorded, never dropped.
 */
export async function applyOperationOutcome(scope: OutcomeScope, operationId: string, outcome: OperationOutcome, actor: string): Promise<void> {
  await withTenant(scope, async (manager) => {
    const found = await manager.getRepository(PaymentOperationEntity).findOneBy({ id: operationId });
    if (!found) throw new Error(`payment operation ${operationId} vanished`);
    // The payment's lock first, as everything that changes a payment takes it.
    const payment = await lockPayment(manager, found.paymentId);
    const operation = await manager.getRepository(PaymentOperationEntity).findOne({ where: { id: operationId }, lock: { mode: 'pessimistic_write' } });
    if (!payment || !operation) throw new Error(`payment operation ${operationId} vanished`);
    const doneAfterAll = operation.status === 'FAILED' && outcome.status === 'SUCCEEDED';
    if ((!OPEN.includes(operation.status) && !doneAfterAll) || outcome.status === operation.status) return;

    const processorRef = outcome.status === 'SUCCEEDED' ? outcome.processorRef : null;
    // Done, it may no longer fit the payment: done after a refusal, refunded meanwhile by another refund; or awaited
    // while its e-check came back from the bank (a late return reversed it all). Recorded as done, for staff to settle
    // by hand, rather than thrown back, which would leave it open (or FAILED) and the money gone unseen.
    // What the payment's other open refunds asked of one account hold: a refund without an account leaves it to them.
    const holds = operation.kind === 'REFUND' ? await holdsOfOthers(manager, operation) : holdsOf([]);
    const lines = operation.kind === 'REFUND' ? await linesOfPayment(manager, payment.id) : [];
    const fits = outcome.status !== 'SUCCEEDED' || stillTakes(payment, operation, lines, holds);
    const unfit = fits ? null : { status: payment.status, refundedCents: payment.refundedCents, totalCents: payment.totalCents };
    const reason: TransitionReason =
      outcome.status !== 'SUCCEEDED'
        ? outcome.reason
        : doneAfterAll
          ? { kind: 'DONE_AFTER_ALL', done: outcome.reason.done, unfit }
          : unfit
            ? { kind: 'DONE_UNFIT', done: outcome.reason.done, unfit }
            : outcome.reason;
    await moveOperation(manager, scope, operation, outcome.status, { actor, reason, processorRef });
    if (outcome.status === 'SUCCEEDED' && fits) {
      if (operation.kind === 'REFUND') await recordRefund(manager, scope, payment, { ...operation, processorRef }, lines, holds);
      else await finishVoid(manager, scope, payment, operation.actor, { kind: 'STAFF', text: operation.reason });
    }
    // Logged even when it no longer fits the payment: the processor gave the money back all the same.
    if (outcome.status === 'SUCCEEDED') await auditOperation(manager, scope, operation, actor);
    // Answered either way: the restoration hold taken when the operation was sent ends (after the ledger change, so the
    // review sees what is owed now: owed again if given back; nothing, if refused or only the fee went back). A refusal
    // that turned out done released its hold when it was recorded.
    if (outcome.status !== 'UNKNOWN' && !doneAfterAll) await releaseRestorationHold(manager, scope, payment.id);
  });
}

/**
 * A void with no processor to ask: a counter payment, whose money is in the
 * city's drawer. In the caller's transaction, on the locked payment: the
 * operation is recorded and SUCCEEDED at once (its history shows both), and
 * applied as a processor's answer is (finishVoid, then the audit log). It is
 * never open, so reconciliation never sends it anywhere, and the payment's
 * lock makes a second void find the payment VOIDED.
 */
export async function voidWithoutProcessor(
  manager: EntityManager,
  scope: OutcomeScope,
  payment: PaymentEntity,
  input: { readonly reason: string; readonly actor: string },
): Promise<PaymentOperationEntity> {
  const operation = await openOperation(manager, scope, payment, { kind: 'VOID', amountCents: payment.totalCents, reason: input.reason, actor: input.actor });
  await moveOperation(manager, scope, operation, 'SUCCEEDED', { actor: input.actor, reason: { kind: 'VOIDED_AT_COUNTER' }, processorRef: null });
  await finishVoid(manager, scope, payment, input.actor, { kind: 'STAFF', text: input.reason });
  await auditOperation(manager, scope, operation, input.actor);
  return operation;
}

/**
 * Refunds made in the processor's own dashboard, not through the platform,
 * found since: `refundedAtProcessor` is what the processor says it has
 * refunded of the payment's charge in all, asked just now (by the posting job
 * on the posting day, the e-check settlement job's daily look, or staff's
 * refund or void of the payment). What it counts beyond the refunds
 * recorded here as done is recorded, in the caller's transaction on the
 * locked payment, as one refund the processor made: a REFUND operation,
 * SUCCEEDED at once, by "processor" (as a dashboard void is the processor's),
 * taken off the lines in order and the fee last, and given back as a refund
 * staff asked for is (recordRefund: the accounts owe it again, the payer is
 * told, the payment's history and events show it). No audit entry: nobody
 * of the city's is known to have asked. The payment must have posted
 * (the caller posts it first); nothing is recorded while a refund or void of
 * ours is open, since the processor's total may or may not count it yet:
 * the next look, after its answer, finds what is left. Idempotent: a second
 * look at the same total finds it recorded.
 */
export async function recordRefundsMadeAtProcessor(
  manager: EntityManager,
  scope: PaymentScope,
  payment: PaymentEntity,
  refundedAtProcessor: bigint,
  /** When the processor made the refund, when it says (its event feed): what is dated by it (Daily totals) has it on its day. */
  happenedAt: Date | null = null,
): Promise<void> {
  if (payment.status !== 'POSTED' && payment.status !== 'PARTIALLY_REFUNDED') return;
  const operations = await manager.getRepository(PaymentOperationEntity).findBy({ paymentId: payment.id });
  if (operations.some((operation) => OPEN.includes(operation.status))) return;
  // Done refunds, whether or not they still fitted the payment (DONE_UNFIT): the processor counts them all.
  const recorded = operations.reduce((sum, o) => (o.kind === 'REFUND' && o.status === 'SUCCEEDED' ? sum + o.amountCents : sum), 0n);
  const unseen = refundedAtProcessor - recorded;
  if (unseen <= 0n) return;
  const reason: TransitionReason = { kind: 'REFUNDED_AT_PROCESSOR' };
  const operation = await openOperation(manager, scope, payment, { kind: 'REFUND', amountCents: unseen, reason: reasonText(reason), actor: 'processor' });
  const lines = await linesOfPayment(manager, payment.id);
  const holds = holdsOf([]);
  const unfit = stillTakes(payment, operation, lines, holds) ? null : { status: payment.status, refundedCents: payment.refundedCents, totalCents: payment.totalCents };
  await moveOperation(manager, scope, operation, 'SUCCEEDED', { actor: 'processor', reason: unfit ? { kind: 'DONE_UNFIT', done: 'refunded', unfit } : reason, processorRef: null, happenedAt });
  if (!unfit) await recordRefund(manager, scope, payment, operation, lines, holds);
}

/**
 * Staff gave a resident's money back, or cancelled the charge: the city's
 * ADMIN sees it in the audit log, by the staff member who asked, once, when
 * the processor has carried it out (a refusal, or an answer still awaited,
 * writes none). Every operation is a staff request's (refundPayment,
 * voidPayment, a counter payment's void included; a void made at the
 * processor itself is not: see finishVoid).
 * Ids and amount only: the reason is staff's free text about the payer.
 */
async function auditOperation(manager: EntityManager, scope: OutcomeScope, operation: PaymentOperationEntity, appliedBy: string): Promise<void> {
  const client: SecurityContext = 'clientIp' in scope ? scope : { ...scope, clientIp: appliedBy, viewer: null, operator: false };
  // Made on a second ADMIN's approval: the entry names both, the one who asked as its actor.
  const approval = await approvalOfOperation(manager, operation.id);
  await recordSecurityEvent(manager, client, {
    kind: operation.kind === 'REFUND' ? 'PAYMENT_REFUNDED' : 'PAYMENT_VOIDED',
    actor: operation.actor,
    detail: {
      paymentId: operation.paymentId,
      ...(operation.kind === 'REFUND' ? { refundId: operation.id } : { voidId: operation.id }),
      amountCents: operation.amountCents.toString(),
      ...(approval ? { approvedBy: approval.approvedBy } : {}),
    },
  });
}

/**
 * Whether a locked payment can still take an operation done: a refund as
 * refundFits says, `holds` being the payment's other open refunds'. Asked of
 * one account, that account's share must have it left; without one, the
 * lines those holds leave it and the fee.
 */
function stillTakes(payment: PaymentEntity, operation: PaymentOperationEntity, lines: readonly PaymentLineEntity[], holds: AccountHolds): boolean {
  if (operation.kind === 'VOID') return payment.status === 'VOIDED' || canMove(payment.status, 'VOIDED');
  if (payment.status !== 'POSTED' && payment.status !== 'PARTIALLY_REFUNDED') return false;
  return refundFits(payment, lines, operation.amountCents, operation.serviceAccountId, holds);
}

/** What the open refunds of a refund's payment, other than it, asked of one account hold on that account's share. */
async function holdsOfOthers(manager: EntityManager, refund: PaymentOperationEntity): Promise<AccountHolds> {
  const open = await manager.getRepository(PaymentOperationEntity).findBy({ paymentId: refund.paymentId, kind: 'REFUND', status: In([...OPEN]), id: Not(refund.id) });
  return holdsOf(open);
}

/** The payment's void in flight, if any, in the caller's transaction. */
export function findOpenVoid(manager: EntityManager, paymentId: string): Promise<PaymentOperationEntity | null> {
  return manager.getRepository(PaymentOperationEntity).findOneBy({ paymentId, kind: 'VOID', status: In([...OPEN]) });
}

/**
 * SQL true when the payment whose id is `paymentId` (a column, e.g. `p.id`)
 * has no void in flight: findOpenVoid for a job's list of candidates, which
 * it checks again under each payment's lock.
 */
export function noOpenVoid(paymentId: string): string {
  const open = OPEN.map((status) => `'${status}'`).join(', ');
  return `NOT EXISTS (SELECT 1 FROM payment_operations o WHERE o.payment_id = ${paymentId} AND o.kind = 'VOID' AND o.status IN (${open}))`;
}

/**
 * For reconciliation: asks the processor again, under each operation's own
 * key, about operations whose answer was lost (UNKNOWN, or PENDING long
 * enough that its request surely died), and applies what it says now.
 */
export async function retryOpenOperations(scope: PaymentScope, processor: PaymentProcessor, staleBefore: Date, log: Logger): Promise<number> {
  const open = await withTenant(scope, (manager) =>
    manager.getRepository(PaymentOperationEntity).find({ where: [{ status: 'UNKNOWN' }, { status: 'PENDING', createdAt: LessThan(staleBefore) }], order: { createdAt: 'ASC' } }),
  );
  let settled = 0;
  for (const listed of open) {
    // One operation that cannot be recorded (a bug, a deadlock) must not hold back the city's others, which come after it every run.
    try {
      if (await retryOperation(scope, processor, listed.id)) settled++;
    } catch (error) {
      log.error({ operationId: listed.id, err: error }, 'could not record what the processor said of a refund or void');
    }
  }
  return settled;
}

/** Sends one open operation again and applies the answer; whether it is settled now. */
async function retryOperation(scope: PaymentScope, processor: PaymentProcessor, operationId: string): Promise<boolean> {
  // Read again just before it is sent: a pass running alongside (one that outlasted its minute), or staff, may have
  // settled it since the list was read, and a copy sent now could be carried out after that answer (see applyOperationOutcome).
  const current = await withTenant(scope, async (manager) => {
    const operation = await manager.getRepository(PaymentOperationEntity).findOneBy({ id: operationId });
    if (!operation || !OPEN.includes(operation.status)) return null;
    return { operation, payment: await manager.getRepository(PaymentEntity).findOneByOrFail({ id: operation.paymentId }) };
  });
  if (!current) return false;
  const outcome = await sendOperation(processor, current.payment, current.operation);
  if (outcome.status === 'UNKNOWN') return false;
  await applyOperationOutcome(scope, current.operation.id, outcome, 'reconciliation');
  return true;
}

async function moveOperation(manager: EntityManager, scope: PaymentScope, operation: PaymentOperationEntity, to: OperationStatus, detail: OperationMove): Promise<void> {
  operationStates.assertMove(operation.status, to, operation.id);
  const from = operation.status;
  const now = scope.clock.now();
  const changes = { status: to, updatedAt: now, ...(detail.processorRef ? { processorRef: detail.processorRef } : {}) };
  await manager.getRepository(PaymentOperationEntity).update({ id: operation.id }, changes);
  Object.assign(operation, changes);
  await recordTransition(manager, scope, operation, from, detail);
}

async function recordTransition(manager: EntityManager, scope: PaymentScope, operation: PaymentOperationEntity, from: OperationStatus | null, detail: OperationMove): Promise<void> {
  const now = scope.clock.now();
  await manager.getRepository(PaymentOperationTransitionEntity).insert({
    tenantId: scope.tenant.id,
    id: randomUUID(),
    operationId: operation.id,
    fromStatus: from,
    toStatus: operation.status,
    actor: detail.actor,
    reason: reasonText(detail.reason),
    processorRef: detail.processorRef,
    occurredAt: detail.happenedAt && detail.happenedAt < now ? detail.happenedAt : now,
  });
}

interface OperationMove {
  readonly actor: string;
  readonly reason: TransitionReason;
  readonly processorRef: string | null;
  /** When the processor made it, when that was before we learned of it (movePayment's happenedAt); else now. */
  readonly happenedAt?: Date | null;
}
