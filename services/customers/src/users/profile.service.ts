import { type TenantContext } from '@platform/api';
import { giveBackAttempts, hashPassword, recordSecurityEvent, reserveAttempts, verifyPassword } from '@platform/auth';
import { translate, type Locale, UserErrorCode, type UserError, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import { enqueueNotification } from '@platform/notifications';
import { checkEmail, checkLocale, checkName, checkPhone, type Checked } from './identity';
import { weakPasswordError } from '../sign-in/password-rules';
import { LOGIN_FAILURES_PER_ACCOUNT } from '../sign-in/rate-limits';
import { identityTaken } from '../sign-in/registration.service';
import { revokeUserSessions } from '../sign-in/session.service';
import { UserEntity } from './user.entity';
import { currentTenant, duplicateIdentity } from './user.queries';

/** The signed-in user; the resolver's @Authorized guarantees a viewer. */
export async function viewerUser(ctx: TenantContext): Promise<UserEntity> {
  if (!ctx.viewer) throw new Error('viewerUser called without a viewer');
  const userId = ctx.viewer.userId;
  return withTenant(ctx, (manager) => manager.getRepository(UserEntity).findOneByOrFail({ id: userId }));
}

/**
 * Changes the viewer's password after checking the current one (wrong
 * guesses count toward the account's sign-in limit). Every other session of
 * the user ends; this one stays.
 */
export async function changePassword(ctx: TenantContext, currentPassword: string, newPassword: string): Promise<Result<true>> {
  const user = await viewerUser(ctx);
  const reservation = await reserveAttempts(ctx, 'changePassword', [[LOGIN_FAILURES_PER_ACCOUNT, `user:${user.id}`]]);
  if (!user.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) {
    return { ok: false, userErrors: [{ field: ['input', 'currentPassword'], code: UserErrorCode.WRONG_PASSWORD, message: translate(ctx.locale, 'customer.wrongPassword') }] };
  }
  // The current password was right: this attempt does not count against the limit, whatever happens next.
  await withTenant(ctx, (manager) => giveBackAttempts(manager, reservation));
  const weak = weakPasswordError(newPassword, [user.email, user.username], ['input', 'newPassword'], ctx.locale);
  if (weak) return { ok: false, userErrors: [weak] };

  const passwordHash = await hashPassword(newPassword);
  await withTenant(ctx, async (manager) => {
    const now = ctx.clock.now();
    await manager.getRepository(UserEntity).update({ id: user.id }, { passwordHash, updatedAt: now });
    await revokeUserSessions(manager, user.id, now, 'PASSWORD_CHANGED', ctx.viewer?.sessionId);
    await recordSecurityEvent(manager, ctx, { kind: 'PASSWORD_CHANGED', userId: user.id });
    if (user.email) {
      await enqueueNotification(manager, { tenantId: ctx.tenant.id, to: user.email, locale: user.locale, template: 'PASSWORD_CHANGED', data: { name: user.fullName ?? '' } }, now);
    }
  });
  return { ok: true, value: true };
}

export interface ProfileInput {
  readonly name?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly locale?: Locale | null;
}

/** Changes what the viewer says about themselves; omitted fields stay, null clears an optional one. */
export async function updateProfile(ctx: TenantContext, input: ProfileInput): Promise<Result<UserEntity>> {
  const tenant = await currentTenant(ctx);
  const user = await viewerUser(ctx);
  const byUsername = tenant.settings.signInIdentifier === 'USERNAME';
  const errors: UserError[] = [];
  const changes: Partial<Pick<UserEntity, 'fullName' | 'email' | 'phone' | 'locale'>> = {};
  const take = <T>(name: string, value: string | null | undefined, clearable: boolean, check: (v: string) => Checked<T>): T | null | undefined => {
    if (value === undefined) return undefined;
    if (value === null || value.trim() === '') {
      if (clearable) return null;
      errors.push({ field: ['input', name], code: UserErrorCode.REQUIRED, message: translate(ctx.locale, 'customer.required') });
      return undefined;
    }
    const result = check(value);
    if (result.ok) return result.value;
    errors.push({ field: ['input', name], code: result.code, message: translate(ctx.locale, result.messageKey) });
    return undefined;
  };
  const fullName = take('name', input.name, !byUsername, checkName);
  const email = take('email', input.email, false, checkEmail);
  const phone = take('phone', input.phone, !byUsername, checkPhone);
  const locale = take('locale', input.locale, false, (value) => checkLocale(value as Locale, tenant.settings.locales));
  if (errors.length > 0) return { ok: false, userErrors: errors };
  if (fullName !== undefined) changes.fullName = fullName;
  if (email) changes.email = email;
  if (phone !== undefined) changes.phone = phone;
  if (locale) changes.locale = locale;

  try {
    const updated = await withTenant(ctx, async (manager) => {
      await manager.getRepository(UserEntity).update({ id: user.id }, { ...changes, updatedAt: ctx.clock.now() });
      await recordSecurityEvent(manager, ctx, { kind: 'PROFILE_UPDATED', userId: user.id, detail: { fields: Object.keys(changes).sort().join(',') } });
      return manager.getRepository(UserEntity).findOneByOrFail({ id: user.id });
    });
    return { ok: true, value: updated };
  } catch (error) {
    const duplicate = duplicateIdentity(error);
    if (!duplicate) throw error;
    return { ok: false, userErrors: [identityTaken(duplicate, ctx.locale)] };
  }
}
