import { randomUUID } from 'node:crypto';
import { problem, type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { ok, refused, UserErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { Tenant } from '@platform/tenants';
import { z } from 'zod';
import { STAFF_INVITATION_TTL_SECONDS, issuePasswordToken } from '../sign-in/password-reset.service';
import { email, ignored, name, required, username } from '../users/identity';
import { UserEntity } from '../users/user.entity';
import type { UserRole } from '../users/user-role';
import { checkIdentity, duplicateIdentity, identityTaken } from '../users/user.errors';
import { currentTenant } from '../users/user.queries';

export interface StaffUserInput {
  readonly email: string;
  readonly username?: string | null;
  readonly name: string;
  readonly role: UserRole;
}

function staffUserSchema(tenant: Tenant) {
  return z.object({
    email: required(email),
    username: tenant.settings.signInIdentifier === 'USERNAME' ? required(username) : ignored,
    name: required(name),
    role: z.enum(['SUPPORT', 'ADMIN'], problem(UserErrorCode.INVALID_ROLE, 'customer.roleInvalid')),
  });
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
  const checked = await checkIdentity(ctx, staffUserSchema(tenant), input, { email: input.email, username: tenant.settings.signInIdentifier === 'USERNAME' ? input.username : null });
  if (!checked.ok) return checked;
  const staff = checked.value;

  try {
    const user = await withTenant(ctx, async (manager) => {
      const now = ctx.clock.now();
      const created = await manager.getRepository(UserEntity).save({
        tenantId: ctx.tenant.id,
        id: randomUUID(),
        email: staff.email,
        username: staff.username,
        fullName: staff.name,
        phone: null,
        passwordHash: null,
        roles: [staff.role],
        locale: tenant.settings.defaultLocale,
        createdAt: now,
        updatedAt: now,
      });
      await issuePasswordToken(manager, ctx, created, 'STAFF_INVITATION', STAFF_INVITATION_TTL_SECONDS);
      await recordSecurityEvent(manager, ctx, { kind: 'STAFF_CREATED', userId: created.id, detail: { role: staff.role } });
      return created;
    });
    return ok(user);
  } catch (error) {
    // Someone took the email or username between the check above and this insert.
    const duplicate = duplicateIdentity(error);
    if (!duplicate) throw error;
    return refused(identityTaken(duplicate, ctx.locale));
  }
}
