import { actorOf, operatorNotAllowed, refuseUnlessStillSignedIn, validateInput, type TenantContext } from '@platform/api';
import { isCounterMethod, ok, refused, userError, UserErrorCode, type Result, type UserError } from '@platform/core';
import { holdRestorationsPaidBy } from '@platform/billing';
import { withTenant } from '@platform/db';
import { In } from 'typeorm';
import type { PaymentProcessor } from '@platform/processor';
import { voidCounterPayment } from '../counter-payments/counter-payment-void.service';
import { lockPayment } from '../payment/payment-transition.service';
import { PaymentEntity } from '../payment/payment.entity';
import { refusalParams } from '../payment/payment.mappers';
import { PaymentOperationEntity } from './payment-operation.entity';
import { givingBackFromClosedAccountRefused } from './closed-account-give-back';
import { requesterLimitRefusal, supportVoidLimitRefusal } from './support-refund-limit';
import { isVoidableAt, voidRefusal, type ActionRefusal } from './payment-actions';
import { OPEN, applyOperationOutcome, findOpenVoid, openOperation, sendOperation } from './payment-operation.service';
import { finishDashboardVoid } from './payment-reversal.service';
import { voidInput, type VoidPaymentInput } from './refunds-and-voids.inputs';
import { recordRefundsSeenAtProcessor, unseenAtProcessor } from './unseen-at-processor.service';
import { expireIfDue, findAwaitingVoid, lockApprovalForDecision, markApproved, needsApproval, recordApprovalRequest, type Approving } from '../approvals/giving-back-approval.service';
import type { GivingBackApprovalEntity } from '../approvals/giving-back-approval.entity';
import type { GivenBack } from './refund.service';

/** Why nothing is voided: a user error's code, and its message about the payment. */
interface Refusal extends ActionRefusal {
  readonly code: UserErrorCode;
}

/**
 * Staff cancel a payment before it settles (a card the same day, an e-check
 * before the bank settles it): nothing is taken, so nothing posts, and its
 * pending amount leaves the accounts' balances.
 *
 * Like a payment, the intent (a VOID operation) is committed before the
 * processor is called: while a void is with the processor, the payment
 * neither posts nor takes a refund, so a void cannot race the posting job
 * into returning money the ledger still counts. A void whose answer is lost
 * is sent again by reconciliation under the same key. Asking again while one
 * is in flight sends that one again; once voided, the answer is the payment.
 * A card charge voided in the processor's dashboard is asked after first, as
 * a refund asks (unseenAtProcessor): it is voided here as the processor's, as
 * the posting job would, and the answer is the payment; one refunded in part
 * there is recorded so (recordRefundsSeenAtProcessor), and the void refused
 * as for any payment refunded. A void refused tells
 * staff to refund instead only when a refund may still give money back
 * (voidRefusal).
 * A counter payment (cash, a check) has no processor: its void is the
 * city's own, carried out under the payment's lock (voidCounterPayment, with
 * its rules: the day it was taken, by another staff member), so concurrent
 * voids void it once. A payment of an account closed since is voided by the
 * city's ADMIN only (ACCOUNT_CLOSED: givingBackFromClosedAccountRefused).
 * A SUPPORT clerk's void of a card or e-check payment counts against their
 * daily refund limit (REFUND_LIMIT_REACHED: supportVoidLimitRefusal).
 * The platform's operator voids counter payments only (FORBIDDEN otherwise). A
 * refusal about the payment (not found, no longer voidable, closed, the
 * processor not answering) points at `["input", "paymentId"]`.
 * A card or e-check void of the city's refundApprovalThreshold or more is recorded as awaiting a second ADMIN's
 * approval, nothing sent (`approval` in the answer; asked again meanwhile, the same one); approving it
 * (approveGivingBack) runs this again as `approving`, every check on the payment as it is then, under the payment's
 * lock and the approval's, so it is made once, as the requester's.
 */
export async function voidPayment(ctx: TenantContext, processor: PaymentProcessor, input: VoidPaymentInput): Promise<Result<GivenBack>> {
  const checked = validateInput(voidInput, input, ctx.locale);
  if (!checked.ok) return checked;
  return makeVoid(ctx, processor, checked.value, null);
}

/** voidPayment's work; with `approving`, the approval of the void it records (whose paymentId and reason are passed). */
export async function makeVoid(
  ctx: TenantContext,
  processor: PaymentProcessor,
  request: { readonly paymentId: string; readonly reason: string },
  approving: Approving | null,
): Promise<Result<GivenBack>> {
  const { paymentId, reason } = request;
  const actor = actorOf(ctx);
  const refusal = ({ code, key, status }: Refusal) => refused(userError(ctx.locale, ['input', 'paymentId'], code, key, refusalParams(status, ctx.locale)));
  const atProcessor = await unseenAtProcessor(ctx, processor, paymentId);

  type Requested = { payment: PaymentEntity; operation: PaymentOperationEntity | null; awaiting?: GivingBackApprovalEntity } | Refusal | { error: UserError };
  const requested = await withTenant(ctx, async (manager): Promise<Requested> => {
    const payment = await lockPayment(manager, paymentId);
    await refuseUnlessStillSignedIn(manager, ctx);
    const taken = approving ? await lockApprovalForDecision(manager, ctx, approving.approvalId) : null;
    if (taken && 'error' in taken) return { error: taken.error };
    if (!payment) return { code: UserErrorCode.PAYMENT_NOT_FOUND, key: 'payment.notFound' };
    // Approved already (the other of two approvers at once): what that approval made, never a second void.
    if (taken?.approval.status === 'APPROVED') return { payment, operation: await findOpenVoid(manager, payment.id) };
    // The operator's key, good in every city, is the second pair of eyes for the city's own counter money only: a
    // resident's card or e-check is the city's to give back, decided by its staff.
    if (ctx.operator && !ctx.viewer && !isCounterMethod(payment.methodKind)) throw operatorNotAllowed(ctx.locale);
    // Voided meanwhile by other means (another void, the processor's dashboard): an approval awaiting is not carried out
    // by it, and is not called approved; the approver is told, and declines it.
    const voidedMeanwhile: Refusal = { code: UserErrorCode.NOT_VOIDABLE, key: 'payment.notVoidableStatus', status: 'VOIDED' };
    if (payment.status === 'VOIDED') return approving ? voidedMeanwhile : { payment, operation: null };
    const closedAccount: Refusal = { code: UserErrorCode.ACCOUNT_CLOSED, key: 'payment.voidClosedAccount' };
    if (isCounterMethod(payment.methodKind)) {
      if (await givingBackFromClosedAccountRefused(manager, ctx, payment.id)) return closedAccount;
      return (await voidCounterPayment(manager, ctx, payment, { reason, actor })) ?? { payment, operation: null };
    }
    const open = await findOpenVoid(manager, payment.id);
    if (open) return { payment, operation: open };
    // Nothing left to send: the processor would refuse it as voided already. (An open void above may be what voided it.)
    if (atProcessor.voided && payment.status === 'CAPTURED') {
      await finishDashboardVoid(manager, ctx, payment, atProcessor.voidedAt);
      return approving ? voidedMeanwhile : { payment, operation: null };
    }
    // Refunded in part in the processor's dashboard: recorded, and the processor voids no charge with refunds: refund the rest.
    await recordRefundsSeenAtProcessor(manager, ctx, payment, atProcessor, actor);
    if (!isVoidableAt(payment, ctx.clock.now())) return { code: UserErrorCode.NOT_VOIDABLE, ...voidRefusal(payment) };
    // A refund sent and not yet answered (a posted e-check its bank has not settled): the processor could carry out
    // both, and the payment would be voided with money also sent back. A refund waits for an open void the same way.
    if (await manager.getRepository(PaymentOperationEntity).existsBy({ paymentId: payment.id, kind: 'REFUND', status: In([...OPEN]) })) {
      return { code: UserErrorCode.NOT_VOIDABLE, key: 'payment.refundUnderWay' };
    }
    if (await givingBackFromClosedAccountRefused(manager, ctx, payment.id)) return closedAccount;
    // Approved, it is the requester's void: their limit, as it stands today, not the approver's.
    const overLimit = taken ? await requesterLimitRefusal(manager, ctx, taken.approval) : await supportVoidLimitRefusal(manager, ctx, actor, payment.totalCents);
    if (overLimit) return { error: overLimit };
    if (!approving && (await needsApproval(ctx, payment.totalCents))) {
      const earlier = await findAwaitingVoid(manager, payment.id);
      // One past its time expires, and the void asked now is a new request, for the payment as it is now.
      const awaiting =
        earlier && !(await expireIfDue(manager, ctx, earlier))
          ? earlier
          : await recordApprovalRequest(manager, ctx, payment, { kind: 'VOID', amountCents: payment.totalCents, serviceAccountId: null, reason });
      return { payment, operation: null, awaiting };
    }
    const operation = await openOperation(manager, ctx, payment, { kind: 'VOID', amountCents: payment.totalCents, reason, actor: taken?.approval.requestedBy ?? actor });
    if (taken && approving) await markApproved(manager, ctx, taken.approval, payment, operation.id, approving.reason);
    await holdRestorationsPaidBy(manager, ctx, payment.id);
    return { payment, operation };
  });
  if ('error' in requested) return refused(requested.error);
  if ('code' in requested) return refusal(requested);
  const { operation } = requested;
  if (!operation) return ok({ payment: requested.payment, approval: requested.awaiting ?? null });

  await applyOperationOutcome(ctx, operation.id, await sendOperation(processor, requested.payment, operation), actor);
  const after = await withTenant(ctx, async (manager) => ({
    payment: await manager.getRepository(PaymentEntity).findOneByOrFail({ id: operation.paymentId }),
    operation: await manager.getRepository(PaymentOperationEntity).findOneByOrFail({ id: operation.id }),
  }));
  if (after.payment.status === 'VOIDED') return ok({ payment: after.payment, approval: null });
  // Sent, perhaps carried out: reconciliation sends it again under its key, and asking again does too.
  if (after.operation.status === 'UNKNOWN') return refusal({ code: UserErrorCode.PROCESSOR_UNAVAILABLE, key: 'payment.voidUnknown' });
  return refusal({ code: UserErrorCode.NOT_VOIDABLE, ...voidRefusal(after.payment) });
}
