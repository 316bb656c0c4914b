import type { TenantContext } from '@platform/api';
import { normaliseIdentifier } from '@platform/auth';
import { translate } from '@platform/core';
import { withTenant } from '@platform/db';
import { tenantByIdLoader, type Tenant } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { In, IsNull } from 'typeorm';
import { UserEntity } from './user.entity';
import type { UserRole } from './user-role';

/** The request's city with its settings (already loaded by the gateway for this request). */
export async function currentTenant(ctx: TenantContext): Promise<Tenant> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  return tenant;
}

/** The signed-in user, for a change to their own account; the resolver's @Authorized guarantees a viewer. */
export async function viewerUser(ctx: TenantContext): Promise<UserEntity> {
  if (!ctx.viewer) throw new Error('viewerUser called without a viewer');
  const userId = ctx.viewer.userId;
  return withTenant(ctx, (manager) => manager.getRepository(UserEntity).findOneByOrFail({ id: userId }));
}

/**
 * Whether the user is the city's staff still (SUPPORT or ADMIN, their access not taken away), in the caller's tenant
 * transaction: for work one staff member asked and another carries out later (a refund awaiting approval).
 */
export async function isStaffStill(manager: EntityManager, userId: string): Promise<boolean> {
  return (await staffRolesNow(manager, userId)).length > 0;
}

/**
 * The staff roles (SUPPORT, ADMIN) the user holds now, in the caller's tenant transaction; none once disabled or gone:
 * for work carried out for one staff member by another (a refund approved is the requester's, within their limits).
 */
export async function staffRolesNow(manager: EntityManager, userId: string): Promise<readonly UserRole[]> {
  const user = await manager.getRepository(UserEntity).findOneBy({ id: userId });
  if (!user || user.disabledAt !== null) return [];
  return user.roles.filter((role) => role === 'SUPPORT' || role === 'ADMIN');
}

/** Users by id, in one statement, in the caller's tenant transaction; an unknown id is absent. */
export async function usersById(manager: EntityManager, userIds: readonly string[]): Promise<Map<string, UserEntity>> {
  const users = userIds.length === 0 ? [] : await manager.getRepository(UserEntity).findBy({ id: In([...new Set(userIds)]) });
  return new Map(users.map((user) => [user.id, user]));
}

/**
 * The user who signs in with this identifier: an email or a username, as the
 * city signs people in. Where it signs in by username, a user who has none
 * (registered, or invited as staff, while it signed in by email) still signs
 * in by email: switching the city to usernames locked every one of them out,
 * staff included, with no username to use and none they could set.
 */
export async function findUserBySignIn(manager: EntityManager, tenant: Tenant, identifier: string): Promise<UserEntity | null> {
  const normalised = normaliseIdentifier(identifier);
  const users = manager.getRepository(UserEntity);
  if (tenant.settings.signInIdentifier !== 'USERNAME') return users.findOneBy({ email: normalised });
  return (await users.findOneBy({ username: normalised })) ?? users.findOneBy({ email: normalised, username: IsNull() });
}

/**
 * What the user types to sign in, as findUserBySignIn finds them: at a city
 * of usernames, their username, or their email when they registered before
 * the city took usernames. Failed sign-ins are counted under it, and wrong
 * current passwords must count under the same (checkCurrentPassword).
 */
export function signInNameOf(tenant: Tenant, user: Pick<UserEntity, 'id' | 'email' | 'username'>): string {
  return signInIdentifierOf(tenant, user) ?? `user:${user.id}`;
}

/** As signInNameOf, what the user types to sign in; null for a user who has no such identifier. Unique in the city. */
export function signInIdentifierOf(tenant: Tenant, user: Pick<UserEntity, 'email' | 'username'>): string | null {
  return tenant.settings.signInIdentifier === 'USERNAME' ? (user.username ?? user.email) : user.email;
}

/**
 * For password reset: either identifier finds the user, whichever the city signs in with. The row is locked (shared)
 * until the caller commits: an email change under way waits for the link being issued, then ends it with the others,
 * and one that committed first leaves the old address finding nobody (the lock reads the row again).
 */
export function lockUserByEmailOrUsername(manager: EntityManager, identifier: string): Promise<UserEntity | null> {
  return userByEmailOrUsername(manager, identifier, { mode: 'pessimistic_read' });
}

/** As lockUserByEmailOrUsername, without the lock: to know whose account an identifier names. */
export async function userByEmailOrUsername(manager: EntityManager, identifier: string, lock?: { readonly mode: 'pessimistic_read' }): Promise<UserEntity | null> {
  const normalised = normaliseIdentifier(identifier);
  const users = manager.getRepository(UserEntity);
  return (await users.findOne({ where: { email: normalised }, lock })) ?? users.findOne({ where: { username: normalised }, lock });
}

/**
 * SQL over `users`: the row is a resident's own registration whose address nobody proved (no link followed), which the
 * address's owner may end by claiming the address (unproved-registrations.ts). Never staff, nor anyone disabled.
 */
export const UNPROVED_REGISTRATION = `(email_verified_at IS NULL AND disabled_at IS NULL AND password_hash IS NOT NULL AND roles = ARRAY['CUSTOMER']::text[])`;

/**
 * Which of this email and username another user of the city already has.
 * Compared in their stored form (normaliseIdentifier); a malformed one
 * matches nobody, since only well-formed ones are stored. With
 * `overUnproved`, an email held only by an unproved registration
 * (UNPROVED_REGISTRATION) is not taken: the caller ends it as it takes the
 * address, and saying "taken" would tell whoever asks that it is registered.
 */
export async function identitiesTaken(
  ctx: TenantContext,
  wanted: { readonly email?: string | null; readonly username?: string | null; readonly overUnproved?: boolean },
  exceptUserId: string | null = null,
): Promise<Set<'email' | 'username'>> {
  const email = normaliseIdentifier(wanted.email ?? '') || null;
  const username = normaliseIdentifier(wanted.username ?? '') || null;
  if (!email && !username) return new Set();
  const rows = await withTenant(ctx, (manager) =>
    manager.query<{ email: string | null; username: string | null; unproved: boolean }[]>(
      `SELECT email, username, ${UNPROVED_REGISTRATION} AS unproved FROM users WHERE (email = $1 OR username = $2) AND id IS DISTINCT FROM $3`,
      [email, username, exceptUserId],
    ),
  );
  const taken = new Set<'email' | 'username'>();
  for (const row of rows) {
    if (email && row.email === email && !(wanted.overUnproved && row.unproved)) taken.add('email');
    if (username && row.username === username) taken.add('username');
  }
  return taken;
}

/**
 * The address a user's mail may go to: their email once its owner proved it (a link followed), else null. An address
 * typed at registration is anyone's until then, and the city's mail about the account must not reach a stranger.
 */
function provedEmail(user: Pick<UserEntity, 'email' | 'emailVerifiedAt'>): string | null {
  return user.emailVerifiedAt ? user.email : null;
}

/** Where to send a user's receipts: their proved email and language; null for an unknown user or one without a proved email. */
export async function userContact(ctx: TenantContext, userId: string): Promise<{ email: string; locale: UserEntity['locale'] } | null> {
  const user = await withTenant(ctx, (manager) => manager.getRepository(UserEntity).findOneBy({ id: userId }));
  const email = user ? provedEmail(user) : null;
  return user && email ? { email, locale: user.locale } : null;
}

/** Where to send several users' notices, in the caller's tenant transaction (jobs): proved email and language by user id; users without one are absent. */
export async function userContacts(manager: EntityManager, userIds: readonly string[]): Promise<Map<string, { email: string; locale: UserEntity['locale'] }>> {
  const users = await usersById(manager, userIds);
  return new Map(
    [...users.values()].flatMap((user) => {
      const email = provedEmail(user);
      return email ? [[user.id, { email, locale: user.locale }] as const] : [];
    }),
  );
}

/** Users of the request's city as a person reads them (their name, else username or email; a closed account as one), by id; an unknown id is absent. */
export async function userDisplayNames(ctx: TenantContext, userIds: readonly string[]): Promise<Map<string, string>> {
  const users = await withTenant(ctx, (manager) => usersById(manager, userIds));
  return new Map(
    [...users.values()].flatMap((user) => {
      // A closed online account keeps no name (account-closing.service.ts): it reads as one.
      const name = user.closedAt ? translate(ctx.locale, 'customer.closedOnlineAccount') : (user.fullName ?? user.username ?? user.email);
      return name ? [[user.id, name] as const] : [];
    }),
  );
}
