import { Role, type TenantContext } from '@platform/api';
import { formatMoney, localDateOf, money, userError, UserErrorCode, type UserError } from '@platform/core';
import { lockForTransaction } from '@platform/db';
import type { EntityManager } from 'typeorm';

/**
 * What one SUPPORT clerk may give back in refunds in a day of the city's calendar, in cents. A billing office lets
 * its counter staff put a billing mistake right, and keeps larger sums (and a run of refunds) for an administrator:
 * a stolen or rogue clerk's sign-in can then not send a day's takings back onto cards one refund at a time. The ADMIN
 * has no limit. A platform-wide figure until a city asks for its own (then a tenant payment rule).
 */
const SUPPORT_DAILY_REFUND_LIMIT_CENTS = 100_000n;

/**
 * Why a SUPPORT clerk's refund of `amountCents` is refused by their daily limit (REFUND_LIMIT_REACHED at
 * `["input", "amount"]`, saying what is left today), or null. Counts every refund they asked for today that the
 * processor has not refused (done, or still with it), under a lock of the clerk's own held to the end of the caller's
 * transaction, so two refunds sent at once cannot both fit in what is left.
 */
export async function supportRefundLimitRefusal(manager: EntityManager, ctx: TenantContext, actor: string, amountCents: bigint): Promise<UserError | null> {
  const roles = ctx.viewer?.roles ?? [];
  if (!roles.includes(Role.SUPPORT) || roles.includes(Role.ADMIN)) return null;
  await lockForTransaction(manager, `support-refunds:${ctx.tenant.id}:${actor}`);
  const today = localDateOf(ctx.clock.now(), ctx.tenant.timeZone);
  const [row] = await manager.query<{ cents: string }[]>(
    `SELECT coalesce(sum(amount_cents), 0)::text AS cents FROM payment_operations
      WHERE kind = 'REFUND' AND actor = $1 AND status <> 'FAILED' AND (created_at AT TIME ZONE $2)::date = $3::date`,
    [actor, ctx.tenant.timeZone, today],
  );
  const left = SUPPORT_DAILY_REFUND_LIMIT_CENTS - BigInt(row!.cents);
  if (amountCents <= left) return null;
  const written = (cents: bigint) => formatMoney(money(cents > 0n ? cents : 0n), ctx.locale);
  return userError(ctx.locale, ['input', 'amount'], UserErrorCode.REFUND_LIMIT_REACHED, 'payment.supportRefundLimit', {
    limit: written(SUPPORT_DAILY_REFUND_LIMIT_CENTS),
    left: written(left),
  });
}
