import { linesOfPayment } from '../payment/payment.queries';
import { actorOf, refuseUnlessStillSignedIn, validateInput, type TenantContext } from '@platform/api';
import { formatMoney, money, ok, refused, userError, UserErrorCode, type MessageKey, type MessageParams, type Result, type UserError } from '@platform/core';
import { holdRestorationsPaidBy } from '@platform/billing';
import { lockForTransaction, withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { In } from 'typeorm';
import type { PaymentLineEntity } from '../payment/payment-line.entity';
import { lockPayment } from '../payment/payment-transition.service';
import { PaymentEntity } from '../payment/payment.entity';
import { refusalParams } from '../payment/payment.mappers';
import { postLocked } from '../posting/posting.job';
import { PaymentOperationEntity } from './payment-operation.entity';
import { OPEN, applyOperationOutcome, findOpenVoid, openOperation, sendOperation } from './payment-operation.service';
import { refundRefusal, type ActionRefusal } from './payment-actions';
import { givingBackFromClosedAccountRefused } from './closed-account-give-back';
import { finishDashboardVoid } from './payment-reversal.service';
import { holdsOf, leftOnAccount, leftWithoutAccount } from './refund-lines';
import { refundInput, type RefundPaymentInput } from './refunds-and-voids.inputs';
import { requesterLimitRefusal, supportRefundLimitRefusal } from './support-refund-limit';
import { expireIfDue, findApprovalByKey, lockApprovalForDecision, markApproved, needsApproval, recordApprovalRequest, type Approving } from '../approvals/giving-back-approval.service';
import type { GivingBackApprovalEntity } from '../approvals/giving-back-approval.entity';
import { recordRefundsSeenAtProcessor, unseenAtProcessor } from './unseen-at-processor.service';

/**
 * Staff give money back from a captured or posted payment (or an e-check
 * its bank settled before its posting day), in full or in part, with a reason. A REFUND operation is recorded PENDING under the
 * staff's key and committed, then sent to the processor under its own key,
 * then settled by applyOperationOutcome with the ledger change. A payment
 * not yet posted is posted first, so the ledger shows the money that came in
 * and the part that went back. A refusal about the payment (not found, not
 * refundable, refused by the processor, or the processor not answering)
 * points at `["input", "paymentId"]`. Asked of one account
 * (`serviceAccountId`, staff on that account's page), it comes off that
 * account's share alone; an account the payment did not pay is refused at
 * `["input", "serviceAccountId"]`, more than its share has left at
 * `["input", "amount"]`. A payment of an account closed since is refunded
 * by the city's ADMIN only (ACCOUNT_CLOSED: givingBackFromClosedAccountRefused). A SUPPORT clerk gives back at most
 * the city's supportDailyRefundLimit a day (REFUND_LIMIT_REACHED at `["input", "amount"]`).
 * A refund that would bring what the payment has given back to the city's refundApprovalThreshold or past it is
 * recorded as awaiting a second ADMIN's approval, and nothing is sent (`approval` in the answer); asked again under its
 * key, the answer is that approval as it stands, or, once approved, the refund it made.
 */
export async function refundPayment(ctx: TenantContext, processor: PaymentProcessor, input: RefundPaymentInput): Promise<Result<GivenBack>> {
  const checked = validateInput(refundInput, input, ctx.locale);
  if (!checked.ok) return checked;
  return makeRefund(ctx, processor, checked.value, null);
}

/** What a refund or void asked came to: the payment, and the approval it awaits (or was declined by), if it needed one. */
export interface GivenBack {
  readonly payment: PaymentEntity;
  readonly approval: GivingBackApprovalEntity | null;
}

/** A refund as refundPayment takes it once checked: cents, the account or null, the reason trimmed. */
export interface RefundRequest {
  readonly paymentId: string;
  readonly amount: bigint;
  readonly serviceAccountId: string | null;
  readonly reason: string;
  readonly idempotencyKey: string;
}

/**
 * refundPayment's work, or, `approving`, an ADMIN's approval of a refund that awaits it (`request` is the one recorded):
 * under the key's and the payment's locks, then the approval row's, every check is run again on the payment as it is
 * now (refunded meanwhile in the dashboard or by another refund: REFUND_TOO_LARGE; voided or returned: NOT_REFUNDABLE),
 * and the refund is made as the requester's, the approval marked APPROVED in the same transaction. A second approver
 * at once waits on the key's lock and is answered with the refund made.
 */
export async function makeRefund(ctx: TenantContext, processor: PaymentProcessor, request: RefundRequest, approving: Approving | null): Promise<Result<GivenBack>> {
  const actor = actorOf(ctx);
  const refusal = (code: UserErrorCode, key: MessageKey, params: MessageParams = {}) => refused(userError(ctx.locale, ['input', 'paymentId'], code, key, params));
  const notRefundable = ({ key, status }: ActionRefusal) => refusal(UserErrorCode.NOT_REFUNDABLE, key, refusalParams(status, ctx.locale));
  const atProcessor = await unseenAtProcessor(ctx, processor, request.paymentId);

  const prepared = await withTenant(ctx, async (manager): Promise<Result<PaymentOperationEntity | { awaiting: GivingBackApprovalEntity }>> => {
    // The key's lock, then the payment's: a concurrent retry with the same key waits, and finds this refund below. The
    // payment's lock alone would not serve a key sent for two payments at once: each would miss the other's refund, and
    // the second insert die on the key's unique index.
    await lockForTransaction(manager, `refund-key:${ctx.tenant.id}:${request.idempotencyKey}`);
    const payment = await lockPayment(manager, request.paymentId);
    await refuseUnlessStillSignedIn(manager, ctx);
    const taken = approving ? await lockApprovalForDecision(manager, ctx, approving.approvalId) : null;
    if (taken && 'error' in taken) return refused(taken.error);
    const sameRefund = (earlier: { paymentId: string; amountCents: bigint; serviceAccountId: string | null }) =>
      earlier.paymentId === request.paymentId && earlier.amountCents === request.amount && earlier.serviceAccountId === request.serviceAccountId;
    const reused = () => refused(userError(ctx.locale, ['input', 'idempotencyKey'], UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'payment.idempotencyKeyReused'));
    const earlier = await manager.getRepository(PaymentOperationEntity).findOneBy({ idempotencyKey: request.idempotencyKey });
    // Another account under the same key is another refund, as another amount is. Approved already (by the other of two
    // approvers at once): the refund it made.
    if (earlier) return earlier.kind === 'REFUND' && sameRefund(earlier) ? ok(earlier) : reused();
    if (!approving) {
      const asked = await findApprovalByKey(manager, request.idempotencyKey);
      if (asked) {
        if (asked.kind !== 'REFUND' || !sameRefund(asked)) return reused();
        // Past its time, the answer says it expired (nothing sent): the requester asks again under a new key.
        await expireIfDue(manager, ctx, asked);
        return ok({ awaiting: asked });
      }
    }
    if (!payment) return refusal(UserErrorCode.PAYMENT_NOT_FOUND, 'payment.notFound');
    // First, as voidPayment does: a void of ours not yet answered may be what voided the charge at the processor, and
    // reconciliation records it as that staff member's.
    if (await findOpenVoid(manager, payment.id)) return notRefundable({ key: 'payment.voidUnderWay' });
    // Voided in the processor's dashboard since it was taken: nothing to give back, and it must not be posted (below) as
    // money received. Voided here as the posting job would have.
    if (atProcessor.voided && payment.status === 'CAPTURED') {
      await finishDashboardVoid(manager, ctx, payment, atProcessor.voidedAt);
      return notRefundable({ key: 'payment.notRefundable', status: 'VOIDED' });
    }
    const refusedByRecord = refundRefusal(payment, atProcessor.settled);
    if (refusedByRecord) return notRefundable(refusedByRecord);
    // Given back in part in the processor's dashboard since: recorded first, so what is left below is what the processor
    // has left, and a refund of more is told so (REFUND_TOO_LARGE naming it), not refused by the processor unexplained.
    await recordRefundsSeenAtProcessor(manager, ctx, payment, atProcessor, actor);
    const inFlight = await manager.getRepository(PaymentOperationEntity).findBy({ paymentId: payment.id, kind: 'REFUND', status: In([...OPEN]) });
    const left = payment.totalCents - payment.refundedCents - inFlight.reduce((sum, r) => sum + r.amountCents, 0n);
    if (request.amount > left) {
      return refused(userError(ctx.locale, ['input', 'amount'], UserErrorCode.REFUND_TOO_LARGE, 'payment.refundTooLarge', { left: formatMoney(money(left), ctx.locale) }));
    }
    const lines = await linesOfPayment(manager, payment.id);
    const refusedByLines = refusalByLines(ctx, payment, lines, request, inFlight);
    if (refusedByLines) return refused(refusedByLines);
    if (await givingBackFromClosedAccountRefused(manager, ctx, payment.id)) return refusal(UserErrorCode.ACCOUNT_CLOSED, 'payment.refundClosedAccount');
    // Approved, it is the requester's refund: their limit, as it stands today, not the approver's.
    const overLimit = taken ? await requesterLimitRefusal(manager, ctx, taken.approval) : await supportRefundLimitRefusal(manager, ctx, actor, request.amount);
    if (overLimit) return refused(overLimit);
    // What the payment would have given back with this one, so a large refund split in parts needs approval all the same.
    const givenBack = payment.totalCents - left + request.amount;
    if (!approving && (await needsApproval(ctx, givenBack))) {
      const { amount: amountCents, ...asked } = request;
      return ok({ awaiting: await recordApprovalRequest(manager, ctx, payment, { kind: 'REFUND', ...asked, amountCents }) });
    }
    // Settled before its posting day, an e-check is AUTHORIZED still: posted early too. The ledger's posting is the
    // system's, as on the posting day: the payer's card or bank put the money in, not the staff member refunding part of
    // it, who must not count as having paid for a restoration (four eyes); the payment's history names them.
    if (payment.status === 'CAPTURED' || payment.status === 'AUTHORIZED') await postLocked(manager, ctx, payment, actor, { kind: 'POSTED_FOR_REFUND' }, 'system');
    const operation = await openOperation(manager, ctx, payment, {
      kind: 'REFUND',
      idempotencyKey: request.idempotencyKey,
      amountCents: request.amount,
      serviceAccountId: request.serviceAccountId,
      reason: request.reason,
      // The one who asked: their refund, as it would have been without approval (their daily limit counts it).
      actor: taken?.approval.requestedBy ?? actor,
    });
    if (taken && approving) await markApproved(manager, ctx, taken.approval, payment, operation.id, approving.reason);
    // Until the processor answers, a restoration this payment paid for must not be approved.
    await holdRestorationsPaidBy(manager, ctx, payment.id);
    return ok(operation);
  });
  if (!prepared.ok) return prepared;
  if ('awaiting' in prepared.value) {
    const { awaiting } = prepared.value;
    return ok({ payment: await withTenant(ctx, (manager) => manager.getRepository(PaymentEntity).findOneByOrFail({ id: awaiting.paymentId })), approval: awaiting });
  }
  const refund = prepared.value;
  let notSettled = false;
  if (refund.status === 'PENDING') {
    const payment = await withTenant(ctx, (manager) => manager.getRepository(PaymentEntity).findOneByOrFail({ id: refund.paymentId }));
    const outcome = await sendOperation(processor, payment, refund);
    await applyOperationOutcome(ctx, refund.id, outcome, actor);
    // A posted e-check its bank has not settled (the settlement job may not know yet either way): only a void takes it back.
    notSettled = outcome.status === 'FAILED' && outcome.code === 'charge_not_settled';
  }
  const after = await withTenant(ctx, async (manager) => ({
    refund: await manager.getRepository(PaymentOperationEntity).findOneByOrFail({ id: refund.id }),
    payment: await manager.getRepository(PaymentEntity).findOneByOrFail({ id: refund.paymentId }),
  }));
  if (after.refund.status === 'FAILED') return refusal(UserErrorCode.NOT_REFUNDABLE, notSettled ? 'payment.voidInstead' : 'payment.refundRefused');
  if (after.refund.status === 'UNKNOWN') return refusal(UserErrorCode.PROCESSOR_UNAVAILABLE, 'payment.refundUnknown');
  return ok({ payment: after.payment, approval: null });
}

/**
 * Why a refund of a locked payment is refused by what its lines have left, if
 * it is, beside the refunds still with the processor (`inFlight`): asked of
 * one account, the payment did not pay it, or the account's share has not
 * that much left; without one, the lines and fee it may take have not.
 *
 * These checks keep every refund accepted recordable when the processor has
 * done it, whatever order the answers come in (refund-lines.ts takes them;
 * applyOperationOutcome records them). Of the refunds in flight, say a_A is
 * what those asked of account A hold, g what those without an account ask;
 * left_A is what A's line has left, and room what a refund without an account
 * may take now (leftWithoutAccount: the lines no hold claims, the held line
 * with most left beyond its hold, the fee). Two things stay true:
 *   (1) a_A <= left_A for every account, and (2) g <= room.
 * - Asked of A: accepted only if a_A + g + amount <= left_A, so (1) holds, and
 *   A's line keeps g beyond what holds it, so room >= g still: (2).
 * - Without an account: accepted only if g + amount <= room: (2).
 * - One of A done: (1) says A's line has it; a_A and left_A fall by its amount,
 *   so what A has beyond its holds, and room, do not fall (once nothing holds
 *   A, all of its line counts in room).
 * - One without an account done: it is part of g, so it fits room; it takes
 *   from no line more than room counted, so room falls by at most its amount
 *   as g falls by it, and no line falls below its holds: (1).
 * - One refused lowers a_A or g.
 * (Asked of A, the check counts g too, stricter than (1) needs: it is what
 * keeps (2).) The payment-level check before this one follows from these.
 * What they cannot cover is recorded as done for staff to settle by hand: a
 * refund refused, then done after all, its room taken meanwhile; or a
 * payment returned by its bank while refunds waited.
 */
function refusalByLines(
  ctx: TenantContext,
  payment: PaymentEntity,
  lines: readonly PaymentLineEntity[],
  request: { readonly serviceAccountId: string | null; readonly amount: bigint },
  inFlight: readonly PaymentOperationEntity[],
): UserError | null {
  const withoutAccount = inFlight.reduce((sum, r) => (r.serviceAccountId === null ? sum + r.amountCents : sum), 0n);
  const tooLarge = (key: 'payment.refundTooLarge' | 'payment.refundTooLargeForAccount', left: bigint) =>
    userError(ctx.locale, ['input', 'amount'], UserErrorCode.REFUND_TOO_LARGE, key, { left: formatMoney(money(left > 0n ? left : 0n), ctx.locale) });
  if (request.serviceAccountId === null) {
    const room = leftWithoutAccount(payment, lines, holdsOf(inFlight)) - withoutAccount;
    return request.amount <= room ? null : tooLarge('payment.refundTooLarge', room);
  }
  const serviceAccountId = request.serviceAccountId;
  if (!lines.some((line) => line.serviceAccountId === serviceAccountId)) {
    return userError(ctx.locale, ['input', 'serviceAccountId'], UserErrorCode.ACCOUNT_NOT_FOUND, 'payment.refundAccountNotPaid');
  }
  const held = inFlight.reduce((sum, r) => (r.serviceAccountId === serviceAccountId ? sum + r.amountCents : sum), withoutAccount);
  const left = leftOnAccount(lines, serviceAccountId) - held;
  return request.amount <= left ? null : tooLarge('payment.refundTooLargeForAccount', left);
}
