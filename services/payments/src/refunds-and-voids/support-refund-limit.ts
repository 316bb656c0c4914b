import { Role, type TenantContext } from '@platform/api';
import { COUNTER_METHODS, formatMoney, localDateOf, money, userError, UserErrorCode, type MessageKey, type UserError } from '@platform/core';
import { lockForTransaction } from '@platform/db';
import { findTenantBySlug } from '@platform/tenants';
import type { EntityManager } from 'typeorm';

/**
 * What one SUPPORT clerk may send back onto cards and bank accounts in a day of the city's calendar is the city's
 * payment rule (`supportDailyRefundLimitCents`): a billing office lets its counter staff put a billing mistake right,
 * and keeps larger sums (and a run of them) for an administrator, so a stolen or rogue clerk's sign-in cannot send a
 * day's takings back one payment at a time. A void of a card or e-check payment sends its whole amount back as a refund
 * does, so both count, against one allowance; a void of cash or a check recorded at the counter gives nothing back
 * (and needs a second staff member), so it does not. Counted: every one of the clerk's today that the processor has
 * not refused (done, or still with it). The ADMIN has no limit.
 */
async function supportLimitRefusal(manager: EntityManager, ctx: TenantContext, actor: string, amountCents: bigint, field: readonly string[], key: MessageKey): Promise<UserError | null> {
  const roles = ctx.viewer?.roles ?? [];
  if (!roles.includes(Role.SUPPORT) || roles.includes(Role.ADMIN)) return null;
  // Held to the end of the caller's transaction, which records the refund or void: two sent at once cannot both fit in what is left.
  await lockForTransaction(manager, `support-refunds:${ctx.tenant.id}:${actor}`);
  const tenant = await findTenantBySlug(ctx.db, ctx.tenant.slug);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.slug} not found`);
  const limit = BigInt(tenant.settings.paymentRules.supportDailyRefundLimitCents);
  const today = localDateOf(ctx.clock.now(), ctx.tenant.timeZone);
  const [row] = await manager.query<{ cents: string }[]>(
    `SELECT coalesce(sum(o.amount_cents), 0)::text AS cents FROM payment_operations o JOIN payments p ON p.id = o.payment_id
      WHERE o.actor = $1 AND o.status <> 'FAILED' AND (o.created_at AT TIME ZONE $2)::date = $3::date
        AND (o.kind = 'REFUND' OR (o.kind = 'VOID' AND p.method_kind <> ALL($4)))`,
    [actor, ctx.tenant.timeZone, today, [...COUNTER_METHODS]],
  );
  const left = limit - BigInt(row!.cents);
  if (amountCents <= left) return null;
  const written = (cents: bigint) => formatMoney(money(cents > 0n ? cents : 0n), ctx.locale);
  return userError(ctx.locale, field, UserErrorCode.REFUND_LIMIT_REACHED, key, { limit: written(limit), left: written(left) });
}

/** Why a SUPPORT clerk's refund of `amountCents` is refused by their daily limit (REFUND_LIMIT_REACHED at `["input", "amount"]`, saying what is left today), or null. */
export const supportRefundLimitRefusal = (manager: EntityManager, ctx: TenantContext, actor: string, amountCents: bigint): Promise<UserError | null> =>
  supportLimitRefusal(manager, ctx, actor, amountCents, ['input', 'amount'], 'payment.supportRefundLimit');

/** Why a SUPPORT clerk's void of a card or e-check payment of `totalCents` is refused by the same daily limit (REFUND_LIMIT_REACHED at `["input", "paymentId"]`), or null. */
export const supportVoidLimitRefusal = (manager: EntityManager, ctx: TenantContext, actor: string, totalCents: bigint): Promise<UserError | null> =>
  supportLimitRefusal(manager, ctx, actor, totalCents, ['input', 'paymentId'], 'payment.supportVoidLimit');
