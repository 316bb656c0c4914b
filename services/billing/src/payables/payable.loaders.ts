import type { LoaderFactory } from '@platform/api';
import { accountPagesLoader, type AccountPageKey } from '../lists';
import { recentPayables, type PayableWithLines } from './payable.queries';

export interface RecentPayablesKey extends AccountPageKey {
  readonly limit: number;
}

/** Each account's latest payables with their lines, for all the accounts a response shows: two statements per page size asked. */
export const recentPayablesLoader: LoaderFactory<RecentPayablesKey, PayableWithLines[]> = (ctx) =>
  accountPagesLoader(
    ctx,
    (key) => String(key.limit),
    (manager, ids, page) => recentPayables(manager, ids, page.limit),
  );
