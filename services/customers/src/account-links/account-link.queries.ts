import type { TenantContext } from '@platform/api';
import type { Locale } from '@platform/core';
import { findServiceAccounts, type ServiceAccountEntity } from '@platform/billing';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';

/** The accounts each of these users has linked, in account-number order, in two statements whatever the number of users. */
export async function linkedAccountsOfUsers(manager: EntityManager, userIds: readonly string[]): Promise<Map<string, ServiceAccountEntity[]>> {
  // Plain SQL: two columns need none of the ORM's entity building.
  const links =
    userIds.length === 0
      ? []
      : await manager.query<{ user_id: string; service_account_id: string }[]>('SELECT user_id, service_account_id FROM account_links WHERE user_id = ANY($1::uuid[])', [[...new Set(userIds)]]);
  const accounts = await findServiceAccounts(manager, [...new Set(links.map((link) => link.service_account_id))]);
  const linked = new Set(links.map((link) => pairKey(link.user_id, link.service_account_id)));
  return new Map(userIds.map((userId) => [userId, accounts.filter((account) => linked.has(pairKey(userId, account.id)))]));
}

/** The accounts a user has linked, in account-number order. */
export async function linkedServiceAccounts(ctx: TenantContext, userId: string): Promise<ServiceAccountEntity[]> {
  return withTenant(ctx, async (manager) => (await linkedAccountsOfUsers(manager, [userId])).get(userId) ?? []);
}

/** Which of these (user, account) pairs are linked, in the caller's tenant transaction (jobs): asked of the answer, one pair at a time. */
export async function linkedPairs(
  manager: EntityManager,
  pairs: readonly { readonly userId: string; readonly serviceAccountId: string }[],
): Promise<(userId: string, serviceAccountId: string) => boolean> {
  if (pairs.length === 0) return () => false;
  const rows = await manager.query<{ user_id: string; service_account_id: string }[]>(
    'SELECT l.user_id, l.service_account_id FROM account_links l JOIN unnest($1::uuid[], $2::uuid[]) AS p(user_id, account) ON l.user_id = p.user_id AND l.service_account_id = p.account',
    [pairs.map((p) => p.userId), pairs.map((p) => p.serviceAccountId)],
  );
  const linked = new Set(rows.map((row) => pairKey(row.user_id, row.service_account_id)));
  return (userId, serviceAccountId) => linked.has(pairKey(userId, serviceAccountId));
}

/** Whether the user has linked the account numbered `accountNumber` (as billing stores it), in the caller's tenant transaction. */
export async function holdsAccountNumbered(manager: EntityManager, userId: string, accountNumber: string): Promise<boolean> {
  const linked = (await linkedAccountsOfUsers(manager, [userId])).get(userId) ?? [];
  return linked.some((account) => account.accountNumber === accountNumber);
}

/** A resident holding an account, reachable at an address they proved. */
export interface AccountHolder {
  readonly userId: string;
  readonly serviceAccountId: string;
  readonly email: string;
  readonly locale: Locale;
}

/**
 * Everyone who linked these accounts and proved their email (emailVerifiedAt), as every notice to a holder goes, in
 * the caller's tenant transaction, in one statement; by account, then in the order they linked it.
 */
export function accountHolders(manager: EntityManager, serviceAccountIds: readonly string[]): Promise<AccountHolder[]> {
  if (serviceAccountIds.length === 0) return Promise.resolve([]);
  return manager.query<AccountHolder[]>(
    `SELECT u.id AS "userId", l.service_account_id AS "serviceAccountId", u.email, u.locale
       FROM account_links l JOIN users u ON u.id = l.user_id
      WHERE l.service_account_id = ANY($1::uuid[]) AND u.email IS NOT NULL AND u.email_verified_at IS NOT NULL
      ORDER BY l.service_account_id, l.linked_at, u.id`,
    [serviceAccountIds],
  );
}

const pairKey = (userId: string, serviceAccountId: string) => `${userId}/${serviceAccountId}`;

/**
 * Where a receipt goes for money paid to an account by someone who is not
 * signed in as its holder (cash at the counter): the email of the user who
 * linked the account first, in their language, with their id (the receipt is
 * theirs: it follows their email and their texts); null when nobody with a
 * proved email (emailVerifiedAt) has linked it.
 */
export async function accountHolderContact(ctx: TenantContext, serviceAccountId: string): Promise<{ userId: string; email: string; locale: Locale } | null> {
  const rows = await withTenant(ctx, (manager) =>
    manager.query<{ userId: string; email: string; locale: Locale }[]>(
      `SELECT u.id AS "userId", u.email, u.locale FROM account_links l JOIN users u ON u.id = l.user_id
        WHERE l.service_account_id = $1 AND u.email IS NOT NULL AND u.email_verified_at IS NOT NULL ORDER BY l.linked_at, u.id LIMIT 1`,
      [serviceAccountId],
    ),
  );
  return rows[0] ?? null;
}
