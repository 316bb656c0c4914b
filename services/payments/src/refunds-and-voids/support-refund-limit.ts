import { Role, type TenantContext } from '@platform/api';
import { formatMoney, localDateOf, money, userError, UserErrorCode, type UserError } from '@platform/core';
import { lockForTransaction } from '@platform/db';
import { findTenantBySlug } from '@platform/tenants';
import type { EntityManager } from 'typeorm';

/**
 * Why a SUPPORT clerk's refund of `amountCents` is refused by their daily limit (REFUND_LIMIT_REACHED at
 * `["input", "amount"]`, saying what is left today), or null. The limit is the city's payment rule
 * (`supportDailyRefundLimitCents`, cents in a day of the city's calendar): a billing office lets its counter staff put
 * a billing mistake right, and keeps larger sums (and a run of refunds) for an administrator, so a stolen or rogue
 * clerk's sign-in cannot send a day's takings back onto cards one refund at a time. The ADMIN has no limit. Counts every refund they asked for today that the
 * processor has not refused (done, or still with it), under a lock of the clerk's own held to the end of the caller's
 * transaction, so two refunds sent at once cannot both fit in what is left.
 */
export async function supportRefundLimitRefusal(manager: EntityManager, ctx: TenantContext, actor: string, amountCents: bigint): Promise<UserError | null> {
  const roles = ctx.viewer?.roles ?? [];
  if (!roles.includes(Role.SUPPORT) || roles.includes(Role.ADMIN)) return null;
  await lockForTransaction(manager, `support-refunds:${ctx.tenant.id}:${actor}`);
  const tenant = await findTenantBySlug(ctx.db, ctx.tenant.slug);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.slug} not found`);
  const limit = BigInt(tenant.settings.paymentRules.supportDailyRefundLimitCents);
  const today = localDateOf(ctx.clock.now(), ctx.tenant.timeZone);
  const [row] = await manager.query<{ cents: string }[]>(
    `SELECT coalesce(sum(amount_cents), 0)::text AS cents FROM payment_operations
      WHERE kind = 'REFUND' AND actor = $1 AND status <> 'FAILED' AND (created_at AT TIME ZONE $2)::date = $3::date`,
    [actor, ctx.tenant.timeZone, today],
  );
  const left = limit - BigInt(row!.cents);
  if (amountCents <= left) return null;
  const written = (cents: bigint) => formatMoney(money(cents > 0n ? cents : 0n), ctx.locale);
  return userError(ctx.locale, ['input', 'amount'], UserErrorCode.REFUND_LIMIT_REACHED, 'payment.supportRefundLimit', {
    limit: written(limit),
    left: written(left),
  });
}
