import { randomUUID } from 'node:crypto';
import { type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { translate, UserErrorCode, type UserError, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import { checkEmail, checkName, checkUsername, type Checked } from '../users/identity';
import { STAFF_INVITATION_TTL_SECONDS, issuePasswordToken } from '../sign-in/password-reset.service';
import { identityTaken } from '../sign-in/registration.service';
import { UserEntity, type UserRole } from '../users/user.entity';
import { currentTenant, duplicateIdentity } from '../users/user.queries';

export interface StaffUserInput {
  readonly email: string;
  readonly username?: string | null;
  readonly name: string;
  readonly role: UserRole;
}

/**
 * Adds a SUPPORT or ADMIN user to the request's city, without a password: an
 * invitation (a password-setting token, valid 72 hours) goes to their email.
 * The platform operator creates a new city's first ADMIN this way; after
 * that the city's ADMINs add their own staff. The city is always the
 * request's, which an ADMIN's session is bound to, so no ADMIN reaches another city.
 */
export async function createStaffUser(ctx: TenantContext, input: StaffUserInput): Promise<Result<UserEntity>> {
  const tenant = await currentTenant(ctx);
  const byUsername = tenant.settings.signInIdentifier === 'USERNAME';
  const errors: UserError[] = [];
  const check = <T>(name: string, value: string | null | undefined, fn: (v: string) => Checked<T>): T | null => {
    if (value == null || value.trim() === '') {
      errors.push({ field: ['input', name], code: UserErrorCode.REQUIRED, message: translate(ctx.locale, 'customer.required') });
      return null;
    }
    const result = fn(value);
    if (result.ok) return result.value;
    errors.push({ field: ['input', name], code: result.code, message: translate(ctx.locale, result.messageKey) });
    return null;
  };
  const email = check('email', input.email, checkEmail);
  const username = byUsername ? check('username', input.username, checkUsername) : null;
  const fullName = check('name', input.name, checkName);
  if (input.role !== 'SUPPORT' && input.role !== 'ADMIN') {
    errors.push({ field: ['input', 'role'], code: UserErrorCode.INVALID_ROLE, message: translate(ctx.locale, 'customer.roleInvalid') });
  }
  if (errors.length > 0) return { ok: false, userErrors: errors };

  try {
    const user = await withTenant(ctx, async (manager) => {
      const now = ctx.clock.now();
      const created = await manager.getRepository(UserEntity).save({
        tenantId: ctx.tenant.id,
        id: randomUUID(),
        email,
        username,
        fullName,
        phone: null,
        passwordHash: null,
        roles: [input.role],
        locale: tenant.settings.defaultLocale,
        createdAt: now,
        updatedAt: now,
      });
      await issuePasswordToken(manager, ctx, created, 'STAFF_INVITATION', STAFF_INVITATION_TTL_SECONDS);
      await recordSecurityEvent(manager, ctx, { kind: 'STAFF_CREATED', userId: created.id, detail: { role: input.role } });
      return created;
    });
    return { ok: true, value: user };
  } catch (error) {
    const duplicate = duplicateIdentity(error);
    if (!duplicate) throw error;
    return { ok: false, userErrors: [identityTaken(duplicate, ctx.locale)] };
  }
}
