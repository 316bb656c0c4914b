import type { TenantContext } from '@platform/api';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { ServiceAccountEntity } from './service-account.entity';
import type { AccountStatus } from '../account-status/account-status.state';
import { referenceKey } from './account-number';

export interface AccountSearch {
  /** Matches the account number (as typed, any punctuation), or part of the name or the street address. */
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
    const text = search.text?.trim();
    if (text) {
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const key = referenceKey(text);
      query.andWhere('(a.customer_name ILIKE :pattern OR a.address_line1 ILIKE :pattern' + (key ? ' OR a.account_key LIKE :keyPrefix' : '') + ')', {
        pattern,
        keyPrefix: key ? `${key}%` : undefined,
      });
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
