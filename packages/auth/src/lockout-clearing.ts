import type { EntityManager } from 'typeorm';
import { clearLimits, type LimitCheck, type LimitStanding } from './rate-limit/rate-limit';
import { recordSecurityEvent, type SecurityContext } from './security-log/security-log';

/**
 * What staff do for a caller who proved who they are, whoever's lockouts they are (a person's, an account's): clears
 * the limits (clearLimits) and writes LOCKOUT_CLEARED to the audit log with the limits cleared and the staff member's
 * `reason`, in the caller's transaction. Clearing nothing logs nothing, so clearing again is idempotent. `about`: the
 * user it is about, if any, and what else names its subject (an account's id and number).
 */
export async function clearLockouts(
  manager: EntityManager,
  ctx: SecurityContext,
  checks: readonly LimitCheck[],
  about: { readonly reason: string; readonly userId?: string; readonly detail?: Readonly<Record<string, string>> },
): Promise<LimitStanding[]> {
  const cleared = await clearLimits(manager, checks, ctx.clock.now());
  if (cleared.length > 0) {
    await recordSecurityEvent(manager, ctx, {
      kind: 'LOCKOUT_CLEARED',
      ...(about.userId && { userId: about.userId }),
      detail: { ...about.detail, lockouts: cleared.map(({ rule }) => rule.reason).join(','), reason: about.reason },
    });
  }
  return cleared;
}
