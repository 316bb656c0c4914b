import { requireTenant, type RequestContext } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';

/** A page of an account's list: whose, and the page's arguments. */
export interface AccountPageKey {
  readonly serviceAccountId: string;
}

/**
 * A per-request DataLoader for a list field of ServiceAccount that takes page
 * arguments: the keys of one tick that share their arguments (`pageOf` says
 * how) are fetched for all their accounts in one call of `fetch`, in one
 * transaction, so a page of accounts costs the same statements as one.
 */
export function accountPagesLoader<Key extends AccountPageKey, Row>(
  ctx: RequestContext,
  pageOf: (key: Key) => string,
  fetch: (manager: EntityManager, serviceAccountIds: readonly string[], page: Key) => Promise<ReadonlyMap<string, Row[]>>,
): DataLoader<Key, Row[]> {
  return new DataLoader(
    async (keys) => {
      const found = await withTenant(requireTenant(ctx), async (manager) => {
        const rows = new Map<Key, Row[]>();
        for (const group of groupBy(keys, pageOf)) {
          const byAccount = await fetch(
            manager,
            group.map((key) => key.serviceAccountId),
            group[0]!,
          );
          for (const key of group) rows.set(key, byAccount.get(key.serviceAccountId) ?? []);
        }
        return rows;
      });
      return keys.map((key) => found.get(key) ?? []);
    },
    // Keys are objects made per field: batching is what counts, not caching.
    { cache: false },
  );
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}
