import { requireTenant, type LoaderFactory } from '@platform/api';
import type { ServiceAccountEntity } from '@platform/billing';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import { holdersOfAccounts, type AccountHolder } from './account-holders.queries';
import { linkedAccountsOfUsers } from './account-link.queries';

/** The accounts each user has linked (account-number order), for a page of users in one batch per request. */
export const linkedServiceAccountsLoader: LoaderFactory<string, readonly ServiceAccountEntity[]> = (ctx) =>
  new DataLoader(async (userIds) => {
    const linked = await withTenant(requireTenant(ctx), (manager) => linkedAccountsOfUsers(manager, userIds));
    return userIds.map((userId) => linked.get(userId) ?? []);
  });

/** The users who linked each account (earliest first), one batch per request. */
export const accountHoldersLoader: LoaderFactory<string, readonly AccountHolder[]> = (ctx) =>
  new DataLoader(async (serviceAccountIds) => {
    const holders = await withTenant(requireTenant(ctx), (manager) => holdersOfAccounts(manager, serviceAccountIds));
    return serviceAccountIds.map((id) => holders.get(id) ?? []);
  });
