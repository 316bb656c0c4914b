import type { TenantContext } from '@platform/api';
import { tenantByIdLoader, type Tenant } from '@platform/tenants';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { In, QueryFailedError } from 'typeorm';
import { UserEntity } from './user.entity';

/** The request's city with its settings (already loaded by the gateway for this request). */
export async function currentTenant(ctx: TenantContext): Promise<Tenant> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  return tenant;
}

/** The user who signs in with this identifier: an email or a username, as the city signs people in. */
export async function findUserBySignIn(manager: EntityManager, tenant: Tenant, identifier: string): Promise<UserEntity | null> {
  const normalised = identifier.trim().toLowerCase();
  const where = tenant.settings.signInIdentifier === 'USERNAME' ? { username: normalised } : { email: normalised };
  return manager.getRepository(UserEntity).findOneBy(where);
}

/** For password reset: either identifier finds the user, whichever the city signs in with. */
export async function findUserByEmailOrUsername(manager: EntityManager, identifier: string): Promise<UserEntity | null> {
  const normalised = identifier.trim().toLowerCase();
  return (await manager.getRepository(UserEntity).findOneBy({ email: normalised })) ?? manager.getRepository(UserEntity).findOneBy({ username: normalised });
}

/** Which unique index a failed insert hit: "email", "username", or null for anything else. */
export function duplicateIdentity(error: unknown): 'email' | 'username' | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  if (driverError.code !== '23505') return null;
  if (driverError.constraint === 'users_email') return 'email';
  if (driverError.constraint === 'users_username') return 'username';
  return null;
}

/** Where to send a user's receipts: their email and language; null for an unknown user or one without email. */
export async function userContact(ctx: TenantContext, userId: string): Promise<{ email: string; locale: UserEntity['locale'] } | null> {
  const user = await withTenant(ctx, (manager) => manager.getRepository(UserEntity).findOneBy({ id: userId }));
  return user?.email ? { email: user.email, locale: user.locale } : null;
}

/** Where to send several users' notices, in the caller's tenant transaction (jobs): email and language by user id; users without email are absent. */
export async function userContacts(manager: EntityManager, userIds: readonly string[]): Promise<Map<string, { email: string; locale: UserEntity['locale'] }>> {
  const users = userIds.length === 0 ? [] : await manager.getRepository(UserEntity).findBy({ id: In([...new Set(userIds)]) });
  return new Map(users.flatMap((user) => (user.email ? [[user.id, { email: user.email, locale: user.locale }] as const] : [])));
}
