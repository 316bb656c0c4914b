import type { TenantContext } from '@platform/api';
import { giveBackAttempts, hashPassword, normaliseIdentifier, recordSecurityEvent, reserveAttempts, verifyPassword } from '@platform/auth';
import { DomainError, ErrorCode, ok, refused, translate, userError, UserErrorCode, type Locale, type Result, type UserError } from '@platform/core';
import { withTenant } from '@platform/db';
import type { Tenant } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { recheckUnderLock } from '../sign-in/credential-recheck';
import { forgetPasswordTokens, notifyPasswordChanged } from '../sign-in/password-reset.service';
import { sendEmailVerification } from './email-verification.service';
import { weakPasswordError } from '../sign-in/password-rules';
import { accountLimitSubject, EMAIL_CHANGES_PER_IP, EMAIL_CHANGES_PER_USER, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_IP } from '../sign-in/rate-limits';
import { revokeUserSessions } from '../sign-in/session.service';
import type { SessionSettings } from '../sign-in/session-settings';
import { email, localeOf, name, optional, phone, required } from './identity';
import { lockStaffNames, staffNameTaken } from './staff-name';
import { UserEntity } from './user.entity';
import { isStaffRole } from './user-role';
import { checkIdentity, duplicateIdentity, identityTaken } from './user.errors';
import { currentTenant, signInNameOf, viewerUser } from './user.queries';

/**
 * Changes the viewer's password after checking the current one
 * (checkCurrentPassword). Every other session of the user ends; this one
 * stays. Reset links still open end too. Refused, nothing written, where a
 * reset or another change committed while the password was checked (lockAsChecked).
 */
export async function changePassword(ctx: TenantContext, settings: SessionSettings, currentPassword: string, newPassword: string): Promise<Result<true>> {
  const user = await viewerUser(ctx);
  const wrong = await checkCurrentPassword(ctx, user, currentPassword, 'changePassword');
  if (wrong) return refused(wrong);
  const weak = weakPasswordError(newPassword, [user.email, user.username], ['input', 'newPassword'], ctx.locale);
  if (weak) return refused(weak);

  const passwordHash = await hashPassword(newPassword, settings.passwordHashCost);
  return withTenant(ctx, async (manager) => {
    const changed = await lockAsChecked(manager, ctx, user.id, user.passwordHash);
    if (changed) return refused(changed);
    const now = ctx.clock.now();
    await manager.getRepository(UserEntity).update({ id: user.id }, { passwordHash, updatedAt: now });
    await forgetPasswordTokens(manager, user.id, now);
    await revokeUserSessions(manager, user.id, now, 'PASSWORD_CHANGED', ctx.viewer?.sessionId);
    await recordSecurityEvent(manager, ctx, { kind: 'PASSWORD_CHANGED', userId: user.id });
    // As the user is now (an email changed meanwhile), read under the lock the update above took.
    await notifyPasswordChanged(manager, ctx.tenant, await manager.getRepository(UserEntity).findOneByOrFail({ id: user.id }), now);
    return ok(true as const);
  });
}

/**
 * Locks the viewer's row (FOR UPDATE) for a change to their account, and refuses the change where what let it in is
 * no longer so: the password was checked, and the request let in, outside any transaction, so a reset (or an ADMIN
 * taking a staff member's access away) may have committed since. Their session ended then: UNAUTHENTICATED
 * (SESSION_ENDED), as its next request would be; otherwise an attacker's change under way would land after the
 * victim's reset and hand the account back to them. A password `verifiedHash` no longer the account's (another change
 * of this session won) is WRONG_PASSWORD at currentPassword, the answer to it now. Null when the change may go ahead;
 * pass no hash where none was asked for.
 */
export async function lockAsChecked(manager: EntityManager, ctx: TenantContext, userId: string, verifiedHash?: string | null): Promise<UserError | null> {
  if (!ctx.viewer) throw new Error('a change to an account without a viewer');
  const checked = await recheckUnderLock(manager, userId, { passwordHash: verifiedHash, session: { id: ctx.viewer.sessionId, now: ctx.clock.now() } }, 'UPDATE');
  if (!('refusal' in checked)) return null;
  if (checked.refusal === 'PASSWORD_CHANGED') return userError(ctx.locale, ['input', 'currentPassword'], UserErrorCode.WRONG_PASSWORD, 'customer.wrongPassword');
  throw new DomainError(ErrorCode.UNAUTHENTICATED, translate(ctx.locale, 'customer.invalidRefreshToken'), { reason: 'SESSION_ENDED' });
}

/**
 * Checks the viewer's current password before a change that could hand the
 * account over (its password, its email) or end it (closeMyAccount). A wrong one counts where a failed
 * sign-in does (the account's limit, under the name it signs in with, and the
 * address's) and is logged as one, so a stolen session gets no second budget
 * of guesses; the right one gives its attempt back. Null when it is right.
 */
export async function checkCurrentPassword(ctx: TenantContext, user: UserEntity, currentPassword: string, action: 'changePassword' | 'updateProfile' | 'closeMyAccount'): Promise<UserError | null> {
  const tenant = await currentTenant(ctx);
  const reservation = await reserveAttempts(ctx, action, [
    [LOGIN_FAILURES_PER_ACCOUNT, accountLimitSubject(normaliseIdentifier(signInNameOf(tenant, user)), user.id)],
    [LOGIN_FAILURES_PER_IP, ctx.clientIp],
  ]);
  if (!user.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) {
    await withTenant(ctx, (manager) => recordSecurityEvent(manager, ctx, { kind: 'LOGIN_FAILED', userId: user.id, detail: { reason: 'WRONG_CURRENT_PASSWORD' } }));
    return userError(ctx.locale, ['input', 'currentPassword'], UserErrorCode.WRONG_PASSWORD, 'customer.wrongPassword');
  }
  await withTenant(ctx, (manager) => giveBackAttempts(manager, reservation));
  return null;
}

export interface ProfileInput {
  readonly name?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly locale?: Locale | null;
  /** Needed to change the email. */
  readonly currentPassword?: string | null;
}

/**
 * A profile change: an omitted field stays as it is; null (or blank) clears
 * a field the city does not require and is REQUIRED for one it does.
 */
function profileSchema(tenant: Tenant, user: UserEntity) {
  const byUsername = tenant.settings.signInIdentifier === 'USERNAME';
  return z.object({
    name: byUsername ? required(name).optional() : optional(name),
    email: required(email).optional(),
    phone: byUsername ? required(phone).optional() : optional(phone),
    // The language the user has, sent back unchanged with the rest of the form, is no change, even where the city has
    // stopped offering it since: refused, the resident could change nothing else (its field not even shown).
    locale: localeOf([...tenant.settings.locales, user.locale]).optional(),
  });
}

/**
 * Changes what the viewer says about themselves; every problem comes back at
 * once, at its field. A new email needs the current password (whoever holds
 * the email can reset the password, so a stolen session must not move it),
 * and is only asked for: it waits as `pendingEmail` until its owner follows
 * the link sent there (verifyEmail), which makes it the account's and tells
 * the old address. Whether another user has the
 * email (EMAIL_TAKEN) tells who has an account, so asking for a new one is
 * limited as registering is (EMAIL_CHANGES_PER_IP, EMAIL_CHANGES_PER_USER).
 * Refused, nothing written, where the session ended meanwhile, or the password
 * checked was changed (lockAsChecked). A staff member may not take a name
 * another staff member of the city has (staffNameTaken): the audit log names
 * them by it.
 */
export async function updateProfile(ctx: TenantContext, input: ProfileInput): Promise<Result<UserEntity>> {
  const tenant = await currentTenant(ctx);
  const user = await viewerUser(ctx);
  const emailChanges = typeof input.email === 'string' && normaliseIdentifier(input.email) !== user.email;
  const passwordProblem = !emailChanges
    ? null
    : input.currentPassword
      ? await checkCurrentPassword(ctx, user, input.currentPassword, 'updateProfile')
      : userError(ctx.locale, ['input', 'currentPassword'], UserErrorCode.REQUIRED, 'error.required');
  // Whether another account has the email is said only once the password is right: otherwise any session could ask it
  // of every address, as often as it liked, with no password at all. Even then it is rationed, as register's answer is.
  if (emailChanges && !passwordProblem) {
    await reserveAttempts(ctx, 'updateProfile', [
      [EMAIL_CHANGES_PER_IP, ctx.clientIp],
      [EMAIL_CHANGES_PER_USER, user.id],
    ]);
  }
  // The email and name sent back unchanged (a form sends every field) are not checked again: they are the account's,
  // kept under an earlier form of the rules (one passing them no longer), and refusing them would refuse the rest of the change.
  const nameUnchanged = typeof input.name === 'string' && input.name === user.fullName;
  const asked = { ...input, ...(!emailChanges && { email: undefined }), ...(nameUnchanged && { name: undefined }) };
  const staff = user.roles.some(isStaffRole);
  const checked = await checkIdentity(ctx, profileSchema(tenant, user), asked, {
    email: passwordProblem ? null : asked.email,
    staffName: staff ? asked.name : null,
    exceptUserId: user.id,
    // Its owner may ask for an address someone else registered and never proved: following the link ends that registration.
    overUnproved: true,
  });
  if (!checked.ok || passwordProblem) return refused(...(checked.ok ? [] : checked.userErrors), ...(passwordProblem ? [passwordProblem] : []));
  const wanted = checked.value;
  const changes: Partial<Pick<UserEntity, 'fullName' | 'email' | 'phone' | 'locale'>> = {
    ...(wanted.name !== undefined && { fullName: wanted.name }),
    ...(wanted.email !== undefined && { email: wanted.email }),
    ...(wanted.phone !== undefined && { phone: wanted.phone }),
    ...(wanted.locale !== undefined && { locale: wanted.locale }),
  };

  try {
    const updated = await withTenant(ctx, async (manager) => {
      // The password is re-checked only where it was asked for (a new email); the session always is.
      const changed = await lockAsChecked(manager, ctx, user.id, emailChanges ? user.passwordHash : undefined);
      if (changed) return refused(changed);
      if (staff && changes.fullName) {
        await lockStaffNames(manager, ctx);
        const nameTaken = await staffNameTaken(manager, ctx, changes.fullName, user.id);
        if (nameTaken) return refused(nameTaken);
      }
      // A new address is the account's only once its owner follows the link sent there (verifyEmail); until then it is
      // pending, and the proved address keeps the account's mail and resets.
      const { email: newEmail, ...kept } = changes;
      const newAddress = newEmail !== undefined && newEmail !== user.email ? newEmail : null;
      await manager.getRepository(UserEntity).update({ id: user.id }, { ...kept, ...(newAddress && { pendingEmail: newAddress }), updatedAt: ctx.clock.now() });
      if (newAddress) await sendEmailVerification(manager, ctx, { id: user.id, locale: kept.locale ?? user.locale }, newAddress);
      await recordSecurityEvent(manager, ctx, {
        kind: 'PROFILE_UPDATED',
        userId: user.id,
        detail: {
          fields: Object.keys(changes)
            .map((field) => (field === 'email' ? 'pendingEmail' : field))
            .sort()
            .join(','),
        },
      });
      return ok(await manager.getRepository(UserEntity).findOneByOrFail({ id: user.id }));
    });
    return updated;
  } catch (error) {
    // Someone took the email between the check above and this update.
    const duplicate = duplicateIdentity(error);
    if (!duplicate) throw error;
    return refused(identityTaken(duplicate, ctx.locale, true));
  }
}
