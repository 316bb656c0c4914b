import { actorOf, validateInput, type TenantContext } from '@platform/api';
import { ok, refused, userError, UserErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { PaymentEntity } from '../payment/payment.entity';
import { makeRefund } from '../refunds-and-voids/refund.service';
import { makeVoid } from '../refunds-and-voids/void.service';
import { GivingBackApprovalEntity } from './giving-back-approval.entity';
import { decisionInput, type GivingBackDecisionInput } from './giving-back-approval.inputs';
import { approvalExpiresAt, declineGivingBack } from './giving-back-approval.service';
import { citySettings } from '../city-settings';
import { staffPerson } from '@platform/customers';
import type { GivingBackApprovalType } from './giving-back-approval.types';
import { cents } from '../payment/payment.mappers';

export interface Decided {
  readonly approval: GivingBackApprovalEntity & { readonly confirmationNumber: string };
  readonly payment: PaymentEntity | null;
}

/**
 * A second ADMIN approves a refund or void awaiting it, with a reason: it is made now, as refundPayment or voidPayment
 * would make it for the one who asked, every check run again on the payment as it is now (makeRefund, makeVoid). The one
 * who asked may not (SECOND_STAFF_REQUIRED); an ADMIN removed, demoted or signed out meanwhile is FORBIDDEN with nothing
 * done; one declined is APPROVAL_NOT_AWAITING; one approved already answers with what it made.
 */
export async function approveGivingBack(ctx: TenantContext, processor: PaymentProcessor, input: GivingBackDecisionInput): Promise<Result<Decided>> {
  const checked = validateInput(decisionInput, input, ctx.locale);
  if (!checked.ok) return checked;
  const { approvalId, reason } = checked.value;
  const asked = await withTenant(ctx, (manager) => manager.getRepository(GivingBackApprovalEntity).findOneBy({ id: approvalId }));
  if (!asked) return refused(userError(ctx.locale, ['input', 'approvalId'], UserErrorCode.APPROVAL_NOT_AWAITING, 'payment.approvalNotAwaiting'));
  const approving = { approvalId, reason };
  const made =
    asked.kind === 'REFUND'
      ? await makeRefund(
          ctx,
          processor,
          { paymentId: asked.paymentId, amount: asked.amountCents, serviceAccountId: asked.serviceAccountId, reason: asked.reason, idempotencyKey: asked.idempotencyKey },
          approving,
        )
      : await makeVoid(ctx, processor, { paymentId: asked.paymentId, reason: asked.reason }, approving);
  if (!made.ok) return made;
  return ok({ approval: await approvalNow(ctx, approvalId), payment: made.value.payment });
}

/** The ADMIN declines a refund or void awaiting approval (declineGivingBack), with a reason. */
export async function declineGivingBackChecked(ctx: TenantContext, input: GivingBackDecisionInput): Promise<Result<Decided>> {
  const checked = validateInput(decisionInput, input, ctx.locale);
  if (!checked.ok) return checked;
  const declined = await declineGivingBack(ctx, checked.value);
  if (!declined.ok) return declined;
  return ok({ approval: await approvalNow(ctx, declined.value.id), payment: null });
}

/** The approvals awaiting a decision, oldest first, with their payments' confirmation numbers; none whose time is up (expired, if the job has not marked it yet). */
export async function awaitingApprovals(ctx: TenantContext): Promise<Decided['approval'][]> {
  const madeAfter = approvalExpiresAt(ctx.clock.now(), -(await citySettings(ctx)).paymentRules.approvalExpiryDays);
  return withTenant(ctx, async (manager) => {
    const rows = await manager
      .getRepository(GivingBackApprovalEntity)
      .createQueryBuilder('a')
      .innerJoin(PaymentEntity, 'p', 'p.id = a.payment_id')
      .addSelect('p.confirmation_number', 'confirmation_number')
      .where(`a.status = 'AWAITING'`)
      .andWhere('a.created_at > :madeAfter', { madeAfter })
      .orderBy('a.seq', 'ASC')
      .getRawAndEntities();
    return rows.entities.map((approval, i) => Object.assign(approval, { confirmationNumber: String((rows.raw[i] as { confirmation_number: string }).confirmation_number) }));
  });
}

async function approvalNow(ctx: TenantContext, id: string): Promise<Decided['approval']> {
  return withTenant(ctx, async (manager) => {
    const approval = await manager.getRepository(GivingBackApprovalEntity).findOneByOrFail({ id });
    const payment = await manager.getRepository(PaymentEntity).findOneByOrFail({ id: approval.paymentId });
    return Object.assign(approval, { confirmationNumber: payment.confirmationNumber });
  });
}

/** An approval as the API shows it to the one asking (when it expires: by the city's setting as it is now). */
export const toApprovalType = async (approval: Decided['approval'], ctx: TenantContext): Promise<GivingBackApprovalType> => ({
  id: approval.id,
  paymentId: approval.paymentId,
  confirmationNumber: approval.confirmationNumber,
  kind: approval.kind,
  status: approval.status,
  amount: cents(approval.amountCents),
  reason: approval.reason,
  requestedBy: approval.requestedBy,
  requester: await staffPerson(ctx, approval.requestedBy),
  requestedAt: approval.createdAt,
  expiresAt: approval.status === 'AWAITING' ? approvalExpiresAt(approval.createdAt, (await citySettings(ctx)).paymentRules.approvalExpiryDays) : null,
  mine: approval.requestedBy === actorOf(ctx),
  decidedBy: approval.decidedBy,
  decisionReason: approval.decisionReason,
});
