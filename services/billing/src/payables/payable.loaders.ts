import type { LoaderFactory } from '@platform/api';
import { accountPagesLoader, type AccountPageKey } from '../lists';
import type { PayableEntity } from './payable.entity';
import { recentPayables } from './payable.queries';

export interface RecentPayablesKey extends AccountPageKey {
  readonly limit: number;
}

/** Each account's latest payables lines included, for all the accounts a response shows: one statement per page size asked. */
export const recentPayablesLoader: LoaderFactory<RecentPayablesKey, PayableEntity[]> = (ctx) =>
  accountPagesLoader(
    ctx,
    (key) => String(key.limit),
    (manager, ids, page) => recentPayables(manager, ids, page.limit),
  );
