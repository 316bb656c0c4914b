import { refuseUnlessStillSignedIn, staffReasonInput, validateInput, type TenantContext } from '@platform/api';
import { clearLockouts, limitStandings, normaliseIdentifier, type LimitCheck, type LimitStanding } from '@platform/auth';
import { ok, refused, userError, UserErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { Tenant } from '@platform/tenants';
import { z } from 'zod';
import { LINKS_MADE_PER_USER } from '../account-links/account-link.service';
import { EMAIL_CHANGES_PER_USER, LOGIN_FAILURES_PER_ACCOUNT, RESET_EMAILS_PER_ACCOUNT, RESET_REQUESTS_PER_IDENTIFIER, accountLimitSubject, typedLimitSubject } from '../sign-in/rate-limits';
import { UserEntity } from '../users/user.entity';
import { currentTenant, signInNameOf, userByEmailOrUsername } from '../users/user.queries';

/*
 * A resident's lockouts, as their city's staff read and clear them: the limits that count against the person (their
 * sign-in name, their identifiers typed for a reset, their user), whoever's attempts filled them. An address's limits
 * are not theirs: they lift on their own, and clearing one would hand whoever shares it a new budget.
 */

/** The user's limits, under the subjects sign-in, reset, profile and linking count them. */
function userChecks(tenant: Tenant, user: UserEntity): LimitCheck[] {
  const account = accountLimitSubject(normaliseIdentifier(signInNameOf(tenant, user)), user.id);
  // A reset is asked for with either identifier, each counted as typed.
  const typed = [user.email, user.username].flatMap((identifier) => {
    const subject = identifier === null ? null : typedLimitSubject(normaliseIdentifier(identifier));
    return subject === null ? [] : [[RESET_REQUESTS_PER_IDENTIFIER, subject] as const];
  });
  return [[LOGIN_FAILURES_PER_ACCOUNT, account], ...typed, [RESET_EMAILS_PER_ACCOUNT, account], [EMAIL_CHANGES_PER_USER, user.id], [LINKS_MADE_PER_USER, user.id]];
}

/** The user who signs in (or asks for a reset) with `identifier`, either of their identifiers, as they would type it. */
export function userBySignInName(ctx: TenantContext, identifier: string): Promise<UserEntity | null> {
  return withTenant(ctx, (manager) => userByEmailOrUsername(manager, identifier), { readOnly: true });
}

/** What counts against the user now (only windows not yet over), locked out or not. */
export async function userLockouts(ctx: TenantContext, userId: string): Promise<LimitStanding[]> {
  const tenant = await currentTenant(ctx);
  return withTenant(
    ctx,
    async (manager) => {
      const user = await manager.getRepository(UserEntity).findOneBy({ id: userId });
      return user ? limitStandings(manager, userChecks(tenant, user), ctx.clock.now()) : [];
    },
    { readOnly: true },
  );
}

const clearInput = z.object({ userId: z.string(), reason: staffReasonInput });

/**
 * The city's ADMIN clears a resident's lockouts for one who called in and proved who they are, with a reason: the
 * counts start again from nothing, now. In the audit log (LOCKOUT_CLEARED: who, when, why, about whom, the limits
 * cleared). Idempotent: clearing again clears nothing more, and logs nothing.
 */
export async function clearUserLockouts(ctx: TenantContext, input: { userId: string; reason: string }): Promise<Result<LimitStanding[]>> {
  const checked = validateInput(clearInput, input, ctx.locale);
  if (!checked.ok) return checked;
  const { userId, reason } = checked.value;
  const tenant = await currentTenant(ctx);
  return withTenant(ctx, async (manager) => {
    await refuseUnlessStillSignedIn(manager, ctx);
    const user = await manager.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) return refused(userError(ctx.locale, ['input', 'userId'], UserErrorCode.USER_NOT_FOUND, 'customer.userNotFound'));
    return ok(await clearLockouts(manager, ctx, userChecks(tenant, user), { reason, userId: user.id }));
  });
}
