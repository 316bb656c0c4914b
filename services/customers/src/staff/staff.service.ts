import { randomUUID } from 'node:crypto';
import { problem, refuseUnlessStillSignedIn, type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { ok, refused, userError, UserErrorCode, type Locale, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { Tenant } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { STAFF_INVITATION_TTL_SECONDS, endInvitationsSentBy, forgetPasswordTokens, issuePasswordToken } from '../sign-in/password-reset.service';
import { revokeUserSessions } from '../sign-in/session.service';
import { email, ignored, name, required, username } from '../users/identity';
import { UserEntity } from '../users/user.entity';
import { STAFF_ROLES, isStaffRole, type StaffRole, type UserRole } from '../users/user-role';
import { checkIdentity, duplicateIdentity, identityTaken } from '../users/user.errors';
import { lockStaffNames, staffNameTaken } from '../users/staff-name';
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
    role: z.enum(STAFF_ROLES, problem(UserErrorCode.INVALID_ROLE, 'customer.roleInvalid')),
  });
}

/**
 * Adds a SUPPORT or ADMIN user to the request's city, without a password: an
 * invitation (a password-setting token, valid 72 hours) goes to their email.
 * The platform operator creates a new city's first ADMIN this way; after
 * that the city's ADMINs add their own staff. The city is always the
 * request's, which an ADMIN's session is bound to, so no ADMIN reaches another city.
 * A name another staff member of the city has is refused (staffNameTaken).
 */
export async function createStaffUser(ctx: TenantContext, input: StaffUserInput): Promise<Result<UserEntity>> {
  const tenant = await currentTenant(ctx);
  const checked = await checkIdentity(ctx, staffUserSchema(tenant), input, {
    email: input.email,
    username: tenant.settings.signInIdentifier === 'USERNAME' ? input.username : null,
    staffName: input.name,
  });
  if (!checked.ok) return checked;
  const staff = checked.value;

  try {
    return await withTenant(ctx, async (manager) => {
      await lockSigningInAdmins(manager);
      await refuseUnlessStillSignedIn(manager, ctx);
      await lockStaffNames(manager, ctx);
      const nameTaken = await staffNameTaken(manager, ctx, staff.name, null);
      if (nameTaken) return refused(nameTaken);
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
      return ok(created);
    });
  } catch (error) {
    // Someone took the email or username between the check above and this insert.
    const duplicate = duplicateIdentity(error);
    if (!duplicate) throw error;
    return refused(identityTaken(duplicate, ctx.locale));
  }
}

const holdsStaffRole = (user: UserEntity): boolean => user.roles.some(isStaffRole);

/** The audit log's note of the invitations a removal ended (endInvitationsSentBy), left out when there were none. */
const endedCount = (invitationsEnded: number): Record<string, string> => (invitationsEnded > 0 ? { invitationsEnded: String(invitationsEnded) } : {});

/**
 * ICU's collation of each language, as PostgreSQL names those it imports (initdb; the embedded binaries and the
 * official images are built with ICU): the order Intl.Collator gives the console in the same language, accents and
 * letter case aside ("Álvaro", "de la Cruz", "Zoe"), Spanish with Ñ after N. The database's own collation is C, byte
 * order, which put every lower-case and accented initial after Z.
 */
const NAME_ORDER: Readonly<Record<Locale, string>> = { en: '"en-x-icu"', es: '"es-x-icu"' };

/** The city's staff users (SUPPORT and ADMIN), active and removed, by name as a reader of the request's language orders names, for the ADMIN who manages them. */
export function listStaffUsers(ctx: TenantContext): Promise<UserEntity[]> {
  return withTenant(ctx, (manager) =>
    manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.roles && :staffRoles::text[]', { staffRoles: STAFF_ROLES })
      .orderBy(`u.full_name COLLATE ${NAME_ORDER[ctx.locale]}`, 'ASC')
      .addOrderBy('u.id', 'ASC')
      .getMany(),
  );
}

/** The city's staff member of this id, locked (FOR UPDATE) to the end of the caller's transaction; null for anyone else. */
async function lockStaffMember(manager: EntityManager, userId: string): Promise<UserEntity | null> {
  const user = await manager.getRepository(UserEntity).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
  return user && holdsStaffRole(user) ? user : null;
}

/**
 * The ids of the city's ADMINs who can sign in (not disabled, password set), with every ADMIN not disabled locked
 * (before the user acted on, always in this order): so two ADMINs removing or demoting each other at once cannot both
 * succeed, which would leave the city with none. Every staff change takes it, then refuses an ADMIN who lost the role
 * or their access, or signed out, while it waited (refuseUnlessStillSignedIn, under their row's lock taken here): a
 * rogue ADMIN being removed cannot give it back to themselves with a request already under way.
 */
async function lockSigningInAdmins(manager: EntityManager): Promise<string[]> {
  const active = await manager.query<{ id: string; invited: boolean }[]>(
    `SELECT id, password_hash IS NULL AS invited FROM users WHERE 'ADMIN' = ANY (roles) AND disabled_at IS NULL ORDER BY id FOR UPDATE`,
  );
  return active.filter((admin) => !admin.invited).map((admin) => admin.id);
}

/**
 * Takes a staff member's access away, at once: they can no longer sign in,
 * and every session they have open ends now (their console's requests and
 * live subscriptions are refused from the next one), as does every reset or
 * invitation link they were sent. The user stays, with
 * everything they did in the audit log. The invitations they sent that are
 * still open end too (endInvitationsSentBy). Refused when it would leave the city
 * with no ADMIN who can sign in (not disabled, password set), who alone can
 * add and remove staff: an ADMIN still invited does not count, since their
 * invitation may lapse unused. Taking away access already taken away changes
 * nothing and is not an error.
 */
export async function disableStaffUser(ctx: TenantContext, userId: string): Promise<Result<UserEntity>> {
  const at = ['userId'];
  return withTenant(ctx, async (manager) => {
    const admins = await lockSigningInAdmins(manager);
    await refuseUnlessStillSignedIn(manager, ctx);
    const user = await lockStaffMember(manager, userId);
    if (!user) return refused(userError(ctx.locale, at, UserErrorCode.STAFF_USER_NOT_FOUND, 'customer.staffUserNotFound'));
    if (user.disabledAt) return ok(user);
    if (admins.length === 1 && admins[0] === user.id) return refused(userError(ctx.locale, at, UserErrorCode.LAST_ADMIN, 'customer.lastAdmin'));
    const now = ctx.clock.now();
    await manager.getRepository(UserEntity).update({ id: user.id }, { disabledAt: now, updatedAt: now });
    await revokeUserSessions(manager, user.id, now, 'ACCESS_REMOVED');
    await forgetPasswordTokens(manager, user.id, now);
    const invitationsEnded = await endInvitationsSentBy(manager, user.id, now);
    await recordSecurityEvent(manager, ctx, { kind: 'STAFF_DISABLED', userId: user.id, detail: { roles: user.roles.join(','), ...endedCount(invitationsEnded) } });
    return ok({ ...user, disabledAt: now, updatedAt: now });
  });
}

/**
 * Sends a staff member who has not set a password yet a new invitation, for
 * one whose link lapsed (72 hours) or was lost: their email is taken, so they
 * cannot be added again. Every earlier link ends, so only the newest email
 * sets the password. Refused for someone who accepted already (they reset
 * their password like anyone) and for someone whose access was taken away.
 */
export async function resendStaffInvitation(ctx: TenantContext, userId: string): Promise<Result<UserEntity>> {
  const at = ['userId'];
  return withTenant(ctx, async (manager) => {
    await lockSigningInAdmins(manager);
    await refuseUnlessStillSignedIn(manager, ctx);
    // Locked (before their links, as disabling and accepting do), so it is neither accepted nor disabled meanwhile.
    const user = await lockStaffMember(manager, userId);
    if (!user) return refused(userError(ctx.locale, at, UserErrorCode.STAFF_USER_NOT_FOUND, 'customer.staffUserNotFound'));
    if (user.disabledAt) return refused(userError(ctx.locale, at, UserErrorCode.STAFF_USER_DISABLED, 'customer.staffUserDisabled'));
    if (user.passwordHash !== null) return refused(userError(ctx.locale, at, UserErrorCode.INVITATION_ALREADY_ACCEPTED, 'customer.invitationAlreadyAccepted'));
    await forgetPasswordTokens(manager, user.id, ctx.clock.now());
    await issuePasswordToken(manager, ctx, user, 'STAFF_INVITATION', STAFF_INVITATION_TTL_SECONDS);
    await recordSecurityEvent(manager, ctx, { kind: 'STAFF_INVITATION_RESENT', userId: user.id });
    return ok(user);
  });
}

/**
 * Gives a disabled staff member their access back, with the role they had:
 * they sign in with their password as before. One who never accepted their
 * invitation stays invited, with no link left (disabling ended it): send them
 * a new invitation (resendStaffInvitation). Their sessions and links ended
 * when they were disabled stay ended. Giving access back to someone who has
 * it changes nothing and is not an error.
 */
export async function enableStaffUser(ctx: TenantContext, userId: string): Promise<Result<UserEntity>> {
  const at = ['userId'];
  return withTenant(ctx, async (manager) => {
    // Locked, as disabling does, so the two cannot interleave and the audit log says what happened in order.
    await lockSigningInAdmins(manager);
    await refuseUnlessStillSignedIn(manager, ctx);
    const user = await lockStaffMember(manager, userId);
    if (!user) return refused(userError(ctx.locale, at, UserErrorCode.STAFF_USER_NOT_FOUND, 'customer.staffUserNotFound'));
    if (!user.disabledAt) return ok(user);
    const now = ctx.clock.now();
    await manager.getRepository(UserEntity).update({ id: user.id }, { disabledAt: null, updatedAt: now });
    await recordSecurityEvent(manager, ctx, { kind: 'STAFF_ENABLED', userId: user.id, detail: { roles: user.roles.join(',') } });
    return ok({ ...user, disabledAt: null, updatedAt: now });
  });
}

export interface StaffRoleChange {
  readonly userId: string;
  /** SUPPORT or ADMIN; anything else is refused (INVALID_ROLE). */
  readonly role: string;
}

/**
 * Makes a staff member SUPPORT or ADMIN instead of what they are. Every
 * session they have open ends now: an access token carries the roles it was
 * issued with, so only signing in again (with the new role) is safe, whether
 * they lost powers or gained them. An ADMIN made SUPPORT loses the invitations
 * they sent that are still open (endInvitationsSentBy). Refused for someone whose access was taken
 * away (give it back first) and, as disabling is, for taking ADMIN from the
 * city's last ADMIN who can sign in. Giving someone the role they hold
 * changes nothing and is not an error.
 */
export async function changeStaffRole(ctx: TenantContext, input: StaffRoleChange): Promise<Result<UserEntity>> {
  const role = input.role;
  if (!isStaffRole(role)) return refused(userError(ctx.locale, ['input', 'role'], UserErrorCode.INVALID_ROLE, 'customer.roleInvalid'));
  const at = ['input', 'userId'];
  return withTenant(ctx, async (manager) => {
    const admins = await lockSigningInAdmins(manager);
    await refuseUnlessStillSignedIn(manager, ctx);
    const user = await lockStaffMember(manager, input.userId);
    if (!user) return refused(userError(ctx.locale, at, UserErrorCode.STAFF_USER_NOT_FOUND, 'customer.staffUserNotFound'));
    if (user.disabledAt) return refused(userError(ctx.locale, at, UserErrorCode.STAFF_USER_DISABLED, 'customer.staffUserDisabled'));
    const from: StaffRole = user.roles.includes('ADMIN') ? 'ADMIN' : 'SUPPORT';
    if (from === role) return ok(user);
    if (from === 'ADMIN' && admins.length === 1 && admins[0] === user.id) {
      return refused(userError(ctx.locale, ['input', 'role'], UserErrorCode.LAST_ADMIN, 'customer.lastAdmin'));
    }
    // A role other than a staff one (none is given today) is kept: only the staff role is swapped.
    const roles: UserRole[] = [...user.roles.filter((held) => !isStaffRole(held)), role];
    const now = ctx.clock.now();
    await manager.getRepository(UserEntity).update({ id: user.id }, { roles, updatedAt: now });
    await revokeUserSessions(manager, user.id, now, 'ROLE_CHANGED');
    // SUPPORT invite nobody: what they sent as an ADMIN ends with the role that let them send it.
    const invitationsEnded = role === 'SUPPORT' ? await endInvitationsSentBy(manager, user.id, now) : 0;
    await recordSecurityEvent(manager, ctx, { kind: 'STAFF_ROLE_CHANGED', userId: user.id, detail: { from, to: role, ...endedCount(invitationsEnded) } });
    return ok({ ...user, roles, updatedAt: now });
  });
}
