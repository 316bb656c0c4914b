import { requireTenant, type LoaderFactory } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import { accountPagesLoader, type AccountPageKey } from '../lists';
import type { PayableEntity } from './payable.entity';
import { findPayables, recentPayables } from './payable.queries';

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

/** Payables a response shows by id, in one statement per request; null for an id this city does not have. */
export const payableLoader: LoaderFactory<string, PayableEntity | null> = (ctx) =>
  new DataLoader(async (ids) => {
    const payables = await withTenant(requireTenant(ctx), (manager) => findPayables(manager, ids));
    const byId = new Map(payables.map((payable) => [payable.id, payable]));
    return ids.map((id) => byId.get(id) ?? null);
  });
