import { type TenantContext } from '@platform/api';
import { giveBackAttempts, normaliseIdentifier, recordSecurityEvent, reserveAttempts, verifyAgainstDummy, verifyPassword } from '@platform/auth';
import { ok, refused, userError, UserErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import { recheckUnderLock } from './credential-recheck';
import { LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_IP, typedLimitSubject } from './rate-limits';
import { startSession, type IssuedSession } from './session.service';
import type { SessionSettings } from './session-settings';
import { currentTenant, findUserBySignIn } from '../users/user.queries';

export interface LoginInput {
  /** The email or username, as the city signs people in. */
  readonly identifier: string;
  readonly password: string;
}

/**
 * Signs a user in. A wrong password and an unknown account look the same,
 * in the answer and (roughly) in the time taken. After too many failures for
 * an account or from an address, even the right password waits. The attempt
 * is counted before the password is checked, so a burst of guesses gets no
 * more checks than the limit; a success gives it back.
 */
export async function login(ctx: TenantContext, settings: SessionSettings, input: LoginInput): Promise<Result<IssuedSession>> {
  // Counted under the form it is looked up in: the same account typed another way shares its limit. Never under a
  // card number typed as the identifier (typedLimitSubject).
  const account = normaliseIdentifier(input.identifier);
  const subject = typedLimitSubject(account);
  const reservation = await reserveAttempts(ctx, 'login', [...(subject === null ? [] : [[LOGIN_FAILURES_PER_ACCOUNT, subject] as const]), [LOGIN_FAILURES_PER_IP, ctx.clientIp]]);

  const tenant = await currentTenant(ctx);
  const user = await withTenant(ctx, (manager) => findUserBySignIn(manager, tenant, account));

  const passwordMatches = user?.passwordHash ? await verifyPassword(input.password, user.passwordHash) : await verifyAgainstDummy(input.password, settings.passwordHashCost);

  if (!user || !passwordMatches) {
    await withTenant(ctx, (manager) => recordSecurityEvent(manager, ctx, { kind: 'LOGIN_FAILED', userId: user?.id ?? null, detail: { reason: user ? 'WRONG_PASSWORD' : 'UNKNOWN_ACCOUNT' } }));
    // At ["input"], not at the identifier or the password: which of them was wrong is not said.
    return refused(userError(ctx.locale, ['input'], UserErrorCode.INVALID_CREDENTIALS, 'customer.invalidCredentials'));
  }

  const session = await withTenant(ctx, async (manager) => {
    // The password checked must still be the account's as the session starts, and the user still allowed in: a reset,
    // a change or an ADMIN taking a staff member's access away, committed since the look-up, ends every session, and a
    // session started after it would escape that. The share lock makes one that commits later wait for this session,
    // and then end it.
    const checked = await recheckUnderLock(manager, user.id, { passwordHash: user.passwordHash }, 'SHARE');
    if ('refusal' in checked) {
      // Counted (its attempt is not given back) and logged as any failed sign-in: the city's ADMIN sees a removed
      // staff member still trying to get in.
      await recordSecurityEvent(manager, ctx, { kind: 'LOGIN_FAILED', userId: user.id, detail: { reason: checked.refusal } });
      return null;
    }
    // Only this attempt is given back: wiping the account's earlier failures would reopen room for guesses already in flight.
    await giveBackAttempts(manager, reservation);
    await recordSecurityEvent(manager, ctx, { kind: 'LOGIN_SUCCEEDED', userId: user.id, actor: user.id });
    // With the roles read under the lock: a role changed since the look-up (changeStaffRole) is the one the session carries.
    return startSession(manager, ctx, settings, Object.assign(user, { roles: checked.roles }));
  });
  if (!session) return refused(userError(ctx.locale, ['input'], UserErrorCode.INVALID_CREDENTIALS, 'customer.invalidCredentials'));
  return ok(session);
}
