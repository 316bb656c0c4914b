import { requireTenant, type LoaderFactory } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import { groupBy } from '../lists';
import type { Balance } from './balance';
import type { LedgerEntryEntity } from './ledger-entry.entity';
import { ledgerPages, loadBalances } from './ledger.queries';

/** Balances of the accounts a response shows, in one batch per request. */
export const balanceLoader: LoaderFactory<string, Balance> = (ctx) =>
  new DataLoader(async (ids) => {
    const tenantCtx = requireTenant(ctx);
    const balances = await withTenant(tenantCtx, (manager) => loadBalances(manager, tenantCtx, ids));
    return ids.map((id) => balances.get(id)!);
  });

export interface LedgerPageKey {
  readonly serviceAccountId: string;
  /** Rows to fetch: one more than the page (fetchSize). */
  readonly limit: number;
  readonly beforeSeq: bigint | null;
}

/** Each account's ledger page, in one statement per distinct page (size and cursor) for all the accounts a response shows. */
export const ledgerPageLoader: LoaderFactory<LedgerPageKey, LedgerEntryEntity[]> = (ctx) =>
  new DataLoader(
    async (keys) => {
      const pages = await withTenant(requireTenant(ctx), async (manager) => {
        const found = new Map<LedgerPageKey, LedgerEntryEntity[]>();
        for (const group of groupBy(keys, (key) => `${key.limit}:${key.beforeSeq ?? ''}`)) {
          const { limit, beforeSeq } = group[0]!;
          const byAccount = await ledgerPages(manager, group.map((key) => key.serviceAccountId), limit, beforeSeq);
          for (const key of group) found.set(key, byAccount.get(key.serviceAccountId) ?? []);
        }
        return found;
      });
      return keys.map((key) => pages.get(key) ?? []);
    },
    // Keys are objects: batching is what counts here, not caching.
    { cache: false },
  );
