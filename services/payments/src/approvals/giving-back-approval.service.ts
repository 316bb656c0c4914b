import { randomUUID } from 'node:crypto';
import { actorOf, refuseUnlessStillSignedIn, type TenantContext } from '@platform/api';
import { ok, refused, userError, UserErrorCode, type Result, type UserError } from '@platform/core';
import { withTenant } from '@platform/db';
import { appendEvent } from '@platform/events';
import { isStaffStill } from '@platform/customers';
import { recordSecurityEvent, type SecurityContext } from '@platform/auth';
import type { EntityManager } from 'typeorm';
import { citySettings } from '../city-settings';
import type { PaymentEntity } from '../payment/payment.entity';
import type { OperationKind } from '../refunds-and-voids/payment-operation.state';
import { GivingBackApprovalEntity } from './giving-back-approval.entity';
import { GivingBackApprovalChanged } from './giving-back-approval.events';

/*
 * Two people for large sums. refundPayment and voidPayment ask needsApproval once every other check has passed; at or
 * above the city's threshold they record the request here (recordApprovalRequest) and send nothing. A different
 * ADMIN then approves it (approveGivingBack: the same refund or void is made then, every check run again, under the
 * approval row's lock, so two approvers at once make it once) or declines it (declineGivingBack). The audit log names
 * the one who asked and the one who decided, and the refund's or void's own entry names both.
 */

/** What an approval's decision is made with: who decides, and why. */
export interface Approving {
  readonly approvalId: string;
  readonly reason: string;
}

/**
 * Whether giving `givingBackCents` back of a payment needs a second ADMIN: at or above the city's
 * refundApprovalThreshold. A refund counts with what the payment has had given back and has in flight (the caller's
 * sum), so splitting a large refund into small ones does not slip under it.
 */
export async function needsApproval(ctx: TenantContext, givingBackCents: bigint): Promise<boolean> {
  return givingBackCents >= BigInt((await citySettings(ctx)).paymentRules.refundApprovalThresholdCents);
}

export interface ApprovalRequest {
  readonly kind: OperationKind;
  /** A refund's key; a void gets one of its own. */
  readonly idempotencyKey?: string;
  readonly amountCents: bigint;
  readonly serviceAccountId: string | null;
  readonly reason: string;
}

/** Records a refund or void of a locked payment as AWAITING approval, with its event and audit entry, in the caller's transaction. */
export async function recordApprovalRequest(manager: EntityManager, ctx: TenantContext, payment: PaymentEntity, request: ApprovalRequest): Promise<GivingBackApprovalEntity> {
  const id = randomUUID();
  const approval: GivingBackApprovalEntity = Object.assign(new GivingBackApprovalEntity(), {
    tenantId: ctx.tenant.id,
    id,
    paymentId: payment.id,
    kind: request.kind,
    idempotencyKey: request.idempotencyKey ?? `void-approval-${id}`,
    amountCents: request.amountCents,
    serviceAccountId: request.serviceAccountId,
    reason: request.reason,
    requestedBy: actorOf(ctx),
    status: 'AWAITING' as const,
    decidedBy: null,
    decisionReason: null,
    operationId: null,
    createdAt: ctx.clock.now(),
    decidedAt: null,
  });
  await manager.getRepository(GivingBackApprovalEntity).insert(approval);
  announce(manager, ctx, approval, payment);
  await recordSecurityEvent(manager, ctx, { kind: 'GIVING_BACK_REQUESTED', detail: auditDetail(approval) });
  return approval;
}

/** A refund's approval request by the staff's key, in the caller's transaction (which holds the key's lock). */
export const findApprovalByKey = (manager: EntityManager, idempotencyKey: string): Promise<GivingBackApprovalEntity | null> =>
  manager.getRepository(GivingBackApprovalEntity).findOneBy({ idempotencyKey });

/** The payment's void awaiting approval, if any. */
export const findAwaitingVoid = (manager: EntityManager, paymentId: string): Promise<GivingBackApprovalEntity | null> =>
  manager.getRepository(GivingBackApprovalEntity).findOneBy({ paymentId, kind: 'VOID', status: 'AWAITING' });

/**
 * Takes the approval's row lock for the decision, in the caller's transaction: the approval as it is now, or why it may
 * not be decided by the one asking (at `["input", "approvalId"]`): gone (or another city's), decided already
 * (APPROVAL_NOT_AWAITING; an approval is answered by the caller with what it made), or their own request
 * (SECOND_STAFF_REQUIRED). To approve (`approving`), the one who asked must be the city's staff still: a request left by
 * someone whose access was taken away since is declined, never carried out unawares (REQUESTER_NOT_STAFF).
 */
export async function lockApprovalForDecision(
  manager: EntityManager,
  ctx: TenantContext,
  approvalId: string,
  approving = true,
): Promise<{ approval: GivingBackApprovalEntity } | { error: UserError }> {
  const at = ['input', 'approvalId'];
  const approval = await manager.getRepository(GivingBackApprovalEntity).findOne({ where: { id: approvalId }, lock: { mode: 'pessimistic_write' } });
  if (!approval) return { error: userError(ctx.locale, at, UserErrorCode.APPROVAL_NOT_AWAITING, 'payment.approvalNotAwaiting') };
  if (approval.requestedBy === actorOf(ctx)) return { error: userError(ctx.locale, at, UserErrorCode.SECOND_STAFF_REQUIRED, 'payment.approvalOwnRequest') };
  if (approval.status === 'DECLINED') return { error: userError(ctx.locale, at, UserErrorCode.APPROVAL_NOT_AWAITING, 'payment.approvalNotAwaiting') };
  const { approvalExpiryDays } = (await citySettings(ctx)).paymentRules;
  if (approval.status === 'EXPIRED' || (await expireIfDue(manager, ctx, approval))) {
    return { error: userError(ctx.locale, at, UserErrorCode.APPROVAL_EXPIRED, 'payment.approvalExpired', { days: String(approvalExpiryDays) }) };
  }
  if (approving && approval.status === 'AWAITING' && !(await isStaffStill(manager, approval.requestedBy))) {
    return { error: userError(ctx.locale, at, UserErrorCode.REQUESTER_NOT_STAFF, 'payment.approvalRequesterGone') };
  }
  return { approval };
}

/** Marks a locked, awaiting approval APPROVED with the operation it opened, with its event and audit entry. */
export async function markApproved(manager: EntityManager, ctx: TenantContext, approval: GivingBackApprovalEntity, payment: PaymentEntity, operationId: string | null, reason: string): Promise<void> {
  await decide(manager, ctx, approval, payment, { status: 'APPROVED', operationId, reason });
}

/**
 * The ADMIN declines a refund or void awaiting approval, with a reason: nothing moves, and the request leaves the
 * queue. The one who asked may not decline their own (SECOND_STAFF_REQUIRED: they ask again differently, or another
 * ADMIN declines it); one decided already is APPROVAL_NOT_AWAITING.
 */
export async function declineGivingBack(ctx: TenantContext, input: Approving): Promise<Result<GivingBackApprovalEntity>> {
  return withTenant(ctx, async (manager) => {
    const taken = await lockApprovalForDecision(manager, ctx, input.approvalId, false);
    await refuseUnlessStillSignedIn(manager, ctx);
    if ('error' in taken) return refused(taken.error);
    const { approval } = taken;
    if (approval.status !== 'AWAITING') return refused(userError(ctx.locale, ['input', 'approvalId'], UserErrorCode.APPROVAL_NOT_AWAITING, 'payment.approvalNotAwaiting'));
    const payment = await manager.query<{ confirmation_number: string }[]>('SELECT confirmation_number FROM payments WHERE id = $1', [approval.paymentId]);
    await decide(manager, ctx, approval, { confirmationNumber: payment[0]!.confirmation_number }, { status: 'DECLINED', operationId: null, reason: input.reason });
    return ok(approval);
  });
}

async function decide(
  manager: EntityManager,
  ctx: TenantContext,
  approval: GivingBackApprovalEntity,
  payment: Pick<PaymentEntity, 'confirmationNumber'>,
  decision: { readonly status: 'APPROVED' | 'DECLINED'; readonly operationId: string | null; readonly reason: string },
): Promise<void> {
  const changes = { status: decision.status, decidedBy: actorOf(ctx), decisionReason: decision.reason, operationId: decision.operationId, decidedAt: ctx.clock.now() };
  await manager.getRepository(GivingBackApprovalEntity).update({ id: approval.id }, changes);
  Object.assign(approval, changes);
  announce(manager, ctx, approval, payment);
  await recordSecurityEvent(manager, ctx, {
    kind: decision.status === 'APPROVED' ? 'GIVING_BACK_APPROVED' : 'GIVING_BACK_DECLINED',
    detail: { ...auditDetail(approval), decisionReason: decision.reason },
  });
}

/** When a request made at `requestedAt` expires unanswered, the city allowing `expiryDays` days (of 24 hours) for a decision. */
export const approvalExpiresAt = (requestedAt: Date, expiryDays: number): Date => new Date(requestedAt.getTime() + expiryDays * DAY_MS);
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Marks a locked approval EXPIRED, in the caller's transaction, if it is awaiting still and its time is up: true when
 * it is expired now. For a decision or a request asked again, which must not act on it; the expiry job does the rest.
 */
export async function expireIfDue(manager: EntityManager, ctx: TenantContext, approval: GivingBackApprovalEntity): Promise<boolean> {
  if (approval.status !== 'AWAITING') return false;
  if (ctx.clock.now() < approvalExpiresAt(approval.createdAt, (await citySettings(ctx)).paymentRules.approvalExpiryDays)) return false;
  const [payment] = await manager.query<{ confirmation_number: string }[]>('SELECT confirmation_number FROM payments WHERE id = $1', [approval.paymentId]);
  await expireApproval(manager, ctx, approval, { confirmationNumber: payment!.confirmation_number });
  return true;
}

/**
 * A locked approval awaiting past its time, marked EXPIRED in the caller's transaction: nothing was sent, and nobody
 * decided it (the audit entry, GIVING_BACK_EXPIRED, is the system's). Its event takes it out of the ADMIN's queue.
 */
export async function expireApproval(manager: EntityManager, scope: SecurityContext, approval: GivingBackApprovalEntity, payment: Pick<PaymentEntity, 'confirmationNumber'>): Promise<void> {
  const changes = { status: 'EXPIRED' as const, decidedAt: scope.clock.now() };
  await manager.getRepository(GivingBackApprovalEntity).update({ id: approval.id }, changes);
  Object.assign(approval, changes);
  announce(manager, scope, approval, payment);
  await recordSecurityEvent(manager, scope, { kind: 'GIVING_BACK_EXPIRED', actor: 'system', detail: auditDetail(approval) });
}

/** Who asked and who approved a refund or void made on approval, for its own audit entry; null when none was needed. */
export async function approvalOfOperation(manager: EntityManager, operationId: string): Promise<{ requestedBy: string; approvedBy: string } | null> {
  const approval = await manager.getRepository(GivingBackApprovalEntity).findOneBy({ operationId, status: 'APPROVED' });
  return approval?.decidedBy ? { requestedBy: approval.requestedBy, approvedBy: approval.decidedBy } : null;
}

function announce(manager: EntityManager, ctx: Pick<SecurityContext, 'tenant' | 'clock'>, approval: GivingBackApprovalEntity, payment: Pick<PaymentEntity, 'confirmationNumber'>): void {
  appendEvent(manager, ctx.tenant.id, GivingBackApprovalChanged, {
    subjectId: approval.id,
    payload: {
      approvalId: approval.id,
      paymentId: approval.paymentId,
      confirmationNumber: payment.confirmationNumber,
      kind: approval.kind,
      amountCents: approval.amountCents.toString(),
      reason: approval.reason,
      requestedBy: approval.requestedBy,
      requestedAt: approval.createdAt.toISOString(),
      status: approval.status,
      decidedBy: approval.decidedBy,
    },
    occurredAt: ctx.clock.now(),
  });
}

// Ids and amount; the reasons are staff's words about the payer, as a refund's own entry leaves them out, but for the
// decision's, which is why the approver let it through or not.
const auditDetail = (approval: GivingBackApprovalEntity): Record<string, string> => ({
  approvalId: approval.id,
  paymentId: approval.paymentId,
  kind: approval.kind,
  amountCents: approval.amountCents.toString(),
  requestedBy: approval.requestedBy,
  ...(approval.decidedBy ? { decidedBy: approval.decidedBy } : {}),
});
