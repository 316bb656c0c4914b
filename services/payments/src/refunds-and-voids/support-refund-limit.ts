import { Role, type TenantContext } from '@platform/api';
import { COUNTER_METHODS, formatMoney, localDateOf, money, userError, UserErrorCode, type MessageKey, type UserError } from '@platform/core';
import { staffRolesNow } from '@platform/customers';
import { lockForTransaction } from '@platform/db';
import type { EntityManager } from 'typeorm';
import type { GivingBackApprovalEntity } from '../approvals/giving-back-approval.entity';
import { citySettings } from '../city-settings';

/**
 * What one SUPPORT clerk may send back onto cards and bank accounts in a day of the city's calendar is the city's
 * payment rule (`supportDailyRefundLimitCents`): a billing office lets its counter staff put a billing mistake right,
 * and keeps larger sums (and a run of them) for an administrator, so a stolen or rogue clerk's sign-in cannot send a
 * day's takings back one payment at a time. A void of a card or e-check payment sends its whole amount back as a refund
 * does, so both count, against one allowance; a void of cash or a check recorded at the counter gives nothing back
 * (and needs a second staff member), so it does not. Counted: every one of the clerk's today that the processor has
 * not refused (done, or still with it), and every one they asked today that still awaits a second ADMIN (or large
 * sums split into requests would each fit the day's allowance). One approved is made as the clerk's, so approval checks
 * the clerk's limit again as it stands that day (requesterLimitRefusal). The ADMIN has no limit.
 */
async function supportLimitRefusal(
  manager: EntityManager,
  ctx: TenantContext,
  giver: { readonly userId: string; readonly roles: readonly string[]; readonly approvalId?: string },
  amountCents: bigint,
  field: readonly string[],
  key: MessageKey,
): Promise<UserError | null> {
  if (!giver.roles.includes(Role.SUPPORT) || giver.roles.includes(Role.ADMIN)) return null;
  // Held to the end of the caller's transaction, which records the refund, void or request: two sent at once cannot
  // both fit in what is left.
  await lockForTransaction(manager, `support-refunds:${ctx.tenant.id}:${giver.userId}`);
  const limit = BigInt((await citySettings(ctx)).paymentRules.supportDailyRefundLimitCents);
  const today = localDateOf(ctx.clock.now(), ctx.tenant.timeZone);
  // The day as a range of instants, written into each subquery (a CTE's bounds are unknown when the plan is made), so
  // payment_operations_actor_day and giving_back_approvals_requested_day serve it.
  const [row] = await manager.query<{ cents: string }[]>(
    `SELECT ((SELECT coalesce(sum(o.amount_cents), 0) FROM payment_operations o JOIN payments p ON p.id = o.payment_id
               WHERE o.actor = $1 AND o.created_at >= ($3::date::timestamp AT TIME ZONE $2) AND o.created_at < (($3::date + 1)::timestamp AT TIME ZONE $2)
                 AND o.status <> 'FAILED' AND (o.kind = 'REFUND' OR (o.kind = 'VOID' AND p.method_kind <> ALL($4))))
           + (SELECT coalesce(sum(a.amount_cents), 0) FROM giving_back_approvals a
               WHERE a.requested_by = $1 AND a.created_at >= ($3::date::timestamp AT TIME ZONE $2) AND a.created_at < (($3::date + 1)::timestamp AT TIME ZONE $2)
                 AND a.status = 'AWAITING' AND a.id IS DISTINCT FROM $5::uuid))::text AS cents`,
    [giver.userId, ctx.tenant.timeZone, today, [...COUNTER_METHODS], giver.approvalId ?? null],
  );
  const left = limit - BigInt(row!.cents);
  if (amountCents <= left) return null;
  const written = (cents: bigint) => formatMoney(money(cents > 0n ? cents : 0n), ctx.locale);
  return userError(ctx.locale, field, UserErrorCode.REFUND_LIMIT_REACHED, key, { limit: written(limit), left: written(left) });
}

const viewerGiver = (ctx: TenantContext, actor: string) => ({ userId: actor, roles: ctx.viewer?.roles ?? [] });

/** Why a SUPPORT clerk's refund (or request for one) of `amountCents` is refused by their daily limit (REFUND_LIMIT_REACHED at `["input", "amount"]`, saying what is left today), or null. */
export const supportRefundLimitRefusal = (manager: EntityManager, ctx: TenantContext, actor: string, amountCents: bigint): Promise<UserError | null> =>
  supportLimitRefusal(manager, ctx, viewerGiver(ctx, actor), amountCents, ['input', 'amount'], 'payment.supportRefundLimit');

/** Why a SUPPORT clerk's void (or request for one) of a card or e-check payment of `totalCents` is refused by the same daily limit (REFUND_LIMIT_REACHED at `["input", "paymentId"]`), or null. */
export const supportVoidLimitRefusal = (manager: EntityManager, ctx: TenantContext, actor: string, totalCents: bigint): Promise<UserError | null> =>
  supportLimitRefusal(manager, ctx, viewerGiver(ctx, actor), totalCents, ['input', 'paymentId'], 'payment.supportVoidLimit');

/**
 * Why a refund or void awaiting approval may not be approved now: its requester, SUPPORT (and not ADMIN) as they stand
 * now, would pass their daily limit with it today (REFUND_LIMIT_REACHED at `["input", "approvalId"]`, telling the
 * approver what the requester has left), or null.
 */
export async function requesterLimitRefusal(manager: EntityManager, ctx: TenantContext, approval: GivingBackApprovalEntity): Promise<UserError | null> {
  const giver = { userId: approval.requestedBy, roles: await staffRolesNow(manager, approval.requestedBy), approvalId: approval.id };
  return supportLimitRefusal(manager, ctx, giver, approval.amountCents, ['input', 'approvalId'], 'payment.approvalRequesterLimit');
}
