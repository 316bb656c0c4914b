import { requireTenant, type LoaderFactory } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import type { AccountStatusChangeEntity } from './account-status-change.entity';
import { statusHistories } from './account-status.queries';

/** The status histories of the accounts a response shows, in one statement per request. */
export const statusHistoryLoader: LoaderFactory<string, AccountStatusChangeEntity[]> = (ctx) =>
  new DataLoader(async (ids) => {
    const histories = await withTenant(requireTenant(ctx), (manager) => statusHistories(manager, ids));
    return ids.map((id) => histories.get(id) ?? []);
  });
