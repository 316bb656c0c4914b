import type { TenantContext } from '@platform/api';
import { localDateOf } from '@platform/core';
import { tenantRead, withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { referenceKey } from './account-number';
import { ServiceAccountEntity } from './service-account.entity';
import type { AccountStatus } from '../account-status/account-status.state';
import { searchTerms } from './account-search';
import type { BillingContext } from '../billing-scope';
import type { Balance } from '../ledger/balance';
import { BALANCE_COLUMNS_SQL, balanceFromColumns, type BalanceColumns } from '../ledger/ledger.queries';

export interface AccountSearch {
  /** Any part of the account number (any punctuation), or words of the holder's name or address in any order, accents or not: see searchTerms. */
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
      // Every word must be in the name or the address (see the AccountSearchPlainLetters migration); or the whole text
      // is part of the account number. The words, folded by searchTerms, are folded again by the database as
      // search_text is: its lower() and JavaScript's need not agree on every letter in every locale.
      const words = terms.wordPatterns.length > 0 ? terms.wordPatterns.map((_, i) => `a.search_text LIKE billing_search_fold(:w${i})`).join(' AND ') : 'false';
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
 * Which of these account numbers (any spelling of each) name accounts the
 * city has closed, in the caller's transaction, one statement for them all:
 * the numbers as given; a number no account has is not among them. Closing is
 * final: nothing is charged to a closed account any more but what it owes.
 */
export async function closedAccountNumbers(manager: EntityManager, accountNumbers: readonly string[]): Promise<Set<string>> {
  const statuses = await accountStatusesByNumber(manager, accountNumbers);
  return new Set(accountNumbers.filter((number) => statuses.get(number) === 'CLOSED'));
}

/** The status of each of these accounts (by number, however written) the city has, in one statement; an unknown number has no entry. */
export async function accountStatusesByNumber(manager: EntityManager, accountNumbers: readonly string[]): Promise<Map<string, AccountStatus>> {
  const keyed = accountNumbers.flatMap((number) => {
    const key = referenceKey(number);
    return key === null ? [] : [{ number, key }];
  });
  if (keyed.length === 0) return new Map();
  const rows = await manager.query<{ account_key: string; status: AccountStatus }[]>('SELECT account_key, status FROM service_accounts WHERE account_key = ANY($1::text[])', [keyed.map((k) => k.key)]);
  const byKey = new Map(rows.map((row) => [row.account_key, row.status]));
  return new Map(keyed.flatMap((k) => (byKey.has(k.key) ? [[k.number, byKey.get(k.key)!] as const] : [])));
}

/** A service account's columns as a plain read returns them (dates as text, as the entity holds them). */
const ACCOUNT_COLUMNS_SQL = `a.tenant_id, a.id, a.account_number, a.account_key, a.customer_name, a.address_line1, a.address_line2, a.city, a.region,
  a.postal_code, a.status, a.opened_on::text AS opened_on, a.closed_on::text AS closed_on, a.created_at`;

interface AccountRow {
  readonly tenant_id: string;
  readonly id: string;
  readonly account_number: string;
  readonly account_key: string;
  readonly customer_name: string;
  readonly address_line1: string;
  readonly address_line2: string | null;
  readonly city: string;
  readonly region: string;
  readonly postal_code: string;
  readonly status: AccountStatus;
  readonly opened_on: string;
  readonly closed_on: string | null;
  readonly created_at: Date;
}

/**
 * Which accounts to read, and for whom: a query over the caller's own tables selecting (tenant id, owner, account id),
 * with `$n` values. The tenant id keeps the join on keys that start with it (Distributing by city).
 */
export interface OwnedAccountsQuery {
  /** Names the statement made with `ownedSql` (prepared once per connection): one name per selection, a module constant. */
  readonly name: string;
  readonly ownedSql: string;
  readonly values: readonly (string | readonly string[])[];
}

/**
 * Accounts with their balances for the accounts the caller's query selects (a
 * resident's links, say), in one statement and one round trip
 * on the connections reads share (tenantRead): the hot read of every signed-in resident's page. In
 * account-number order; balances as of now in the city's calendar.
 */
export async function readOwnedAccountsWithBalances(
  ctx: BillingContext,
  query: OwnedAccountsQuery,
): Promise<{ owned: { owner: string; account: ServiceAccountEntity }[]; balances: Map<string, Balance> }> {
  const today = localDateOf(ctx.clock.now(), ctx.tenant.timeZone);
  const [rows] = (await tenantRead(ctx, [
    {
      statement: {
        name: `billing.accounts-with-balances.${query.name}`,
        text: `WITH wanted (tenant_id, owner, id) AS (${query.ownedSql})
     SELECT wanted.owner, ${ACCOUNT_COLUMNS_SQL}, ${BALANCE_COLUMNS_SQL}
       FROM wanted JOIN service_accounts a ON a.tenant_id = wanted.tenant_id AND a.id = wanted.id ORDER BY a.account_key, wanted.owner`,
      },
      values: query.values,
    },
  ])) as (AccountRow & BalanceColumns & { owner: string })[][];
  return { owned: rows!.map((row) => ({ owner: row.owner, account: toAccountEntity(row) })), balances: new Map(rows!.map((row) => [row.id, balanceFromColumns(row, today)])) };
}

function toAccountEntity(row: AccountRow): ServiceAccountEntity {
  return Object.assign(new ServiceAccountEntity(), {
    tenantId: row.tenant_id,
    id: row.id,
    accountNumber: row.account_number,
    accountKey: row.account_key,
    customerName: row.customer_name,
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    city: row.city,
    region: row.region,
    postalCode: row.postal_code,
    status: row.status,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    createdAt: row.created_at,
  });
}
