import { requireTenant, type LoaderFactory } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import { groupBy } from '../lists';
import { recentPayables, type PayableWithLines } from './payable.queries';

export interface RecentPayablesKey {
  readonly serviceAccountId: string;
  readonly limit: number;
}

/** Each account's latest payables, batched for all the accounts a response shows: two statements per distinct page size. */
export const recentPayablesLoader: LoaderFactory<RecentPayablesKey, PayableWithLines[]> = (ctx) =>
  new DataLoader(
    async (keys) => {
      const found = await withTenant(requireTenant(ctx), async (manager) => {
        const pages = new Map<RecentPayablesKey, PayableWithLines[]>();
        for (const group of groupBy(keys, (key) => String(key.limit))) {
          const byAccount = await recentPayables(manager, group.map((key) => key.serviceAccountId), group[0]!.limit);
          for (const key of group) pages.set(key, byAccount.get(key.serviceAccountId) ?? []);
        }
        return pages;
      });
      return keys.map((key) => found.get(key) ?? []);
    },
    // Keys are objects: batching is what counts here, not caching.
    { cache: false },
  );
