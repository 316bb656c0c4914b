import { requireTenant, type LoaderFactory } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import type { ServiceAccountEntity } from './service-account.entity';
import { findServiceAccounts } from './service-account.queries';

/** Accounts a response shows by id, in one statement per request; null for an id this city does not have. */
export const serviceAccountLoader: LoaderFactory<string, ServiceAccountEntity | null> = (ctx) =>
  new DataLoader(async (ids) => {
    const accounts = await withTenant(requireTenant(ctx), (manager) => findServiceAccounts(manager, ids));
    const byId = new Map(accounts.map((account) => [account.id, account]));
    return ids.map((id) => byId.get(id) ?? null);
  });
