import type { TenantContext } from '@platform/api';
import { localDateOf } from '@platform/core';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { ServiceAccountEntity } from './service-account.entity';
import type { AccountStatus } from '../account-status/account-status.state';
import { searchTerms } from './account-search';
import type { BillingScope } from '../billing-scope';
import type { Balance } from '../ledger/balance';
import { BALANCE_COLUMNS_SQL, balanceFromColumns, type BalanceColumns } from '../ledger/ledger.queries';

export interface AccountSearch {
  /** Any part of the account number (any punctuation), or words of the holder's name or street in any order: see searchTerms. */
  readonly text?: string | null;
  readonly status?: AccountStatus | null;
  /** Rows to fetch: one more than the page (fetchSize). */
  readonly limit: number;
  /** The account key of the previous page's last account. */
  readonly afterKey?: string | null;
}

/** Staff search, in account-number order. */
export function searchServiceAccounts(ctx: TenantContext, search: AccountSearch): Promise<ServiceAccountEntity[]> {
  return withTenant(ctx, (manager) => {
    const query = manager.getRepository(ServiceAccountEntity).createQueryBuilder('a').orderBy('a.account_key', 'ASC').limit(search.limit);
    const terms = search.text ? searchTerms(search.text) : null;
    if (terms) {
      // Every word must match the name or the street; or the whole text is part of the account number.
      const words = terms.wordPatterns.map((_, i) => `(a.customer_name ILIKE :w${i} OR a.address_line1 ILIKE :w${i})`).join(' AND ');
      const params = Object.fromEntries(terms.wordPatterns.map((pattern, i) => [`w${i}`, pattern]));
      query.andWhere(terms.keyPattern ? `(a.account_key LIKE :key OR (${words}))` : `(${words})`, { ...params, key: terms.keyPattern });
    }
    if (search.status) query.andWhere('a.status = :status', { status: search.status });
    if (search.afterKey) query.andWhere('a.account_key > :after', { after: search.afterKey });
    return query.getMany();
  });
}

/** Accounts by id, in the caller's transaction (ids of another city, or unknown, are simply absent). */
export function findServiceAccounts(manager: EntityManager, ids: readonly string[]): Promise<ServiceAccountEntity[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return manager.getRepository(ServiceAccountEntity).find({ where: { id: In([...ids]) }, order: { accountKey: 'ASC' } });
}

/**
 * Accounts by id with their balances, in one statement in the caller's
 * transaction: for lists that show both (a resident's accounts), so the
 * balances need no transaction of their own. Balances are as of now in the
 * city's calendar.
 */
export async function findServiceAccountsWithBalances(
  manager: EntityManager,
  scope: BillingScope,
  ids: readonly string[],
): Promise<{ accounts: ServiceAccountEntity[]; balances: Map<string, Balance> }> {
  if (ids.length === 0) return { accounts: [], balances: new Map() };
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  const { entities, raw } = await manager
    .getRepository(ServiceAccountEntity)
    .createQueryBuilder('a')
    .addSelect(BALANCE_COLUMNS_SQL)
    .where('a.id IN (:...ids)', { ids: [...ids] })
    .orderBy('a.account_key', 'ASC')
    .getRawAndEntities<BalanceColumns & { a_id: string }>();
  return { accounts: entities, balances: new Map(raw.map((row) => [row.a_id, balanceFromColumns(row, today)])) };
}
