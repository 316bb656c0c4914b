import { requireTenant, type CursorCodec, type RequestContext } from '@platform/api';
import { DomainError, ErrorCode, translate, type Locale } from '@platform/core';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';

/**
 * A list's `after` argument as its codec's parts: null for the first page.
 * A cursor this list did not give out is the client's bug, refused as
 * BAD_USER_INPUT (reason INVALID_CURSOR) rather than quietly serving page one.
 */
export function decodeAfter<Parts extends readonly unknown[]>(codec: CursorCodec<Parts>, after: string | null | undefined, locale: Locale): Parts | null {
  if (after === null || after === undefined) return null;
  const parts = codec.decode(after);
  if (!parts) throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(locale, 'error.badCursor'), { reason: 'INVALID_CURSOR' });
  return parts;
}

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
          const byAccount = await fetch(manager, group.map((key) => key.serviceAccountId), group[0]!);
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
