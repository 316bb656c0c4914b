import { requireTenant, type LoaderFactory } from '@platform/api';
import { findServiceAccountsWithBalances, primeBalances, type ServiceAccountEntity } from '@platform/billing';
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

/**
 * As linkedServiceAccountsLoader, with each account's balance read in the
 * same statement as the account and handed to the request's balance loader:
 * for a response that shows balances, which then cost no transaction of
 * their own (a resident's balances: one transaction in all).
 */
export const linkedAccountsWithBalancesLoader: LoaderFactory<string, readonly ServiceAccountEntity[]> = (ctx) =>
  new DataLoader(async (userIds) => {
    const tenantCtx = requireTenant(ctx);
    const linked = await withTenant(tenantCtx, (manager) =>
      linkedAccountsOfUsers(manager, userIds, async (m, ids) => {
        const { accounts, balances } = await findServiceAccountsWithBalances(m, tenantCtx, ids);
        primeBalances(ctx, balances);
        return accounts;
      }),
    );
    return userIds.map((userId) => linked.get(userId) ?? []);
  });

/** The users who linked each account (earliest first), one batch per request. */
export const accountHoldersLoader: LoaderFactory<string, readonly AccountHolder[]> = (ctx) =>
  new DataLoader(async (serviceAccountIds) => {
    const holders = await withTenant(requireTenant(ctx), (manager) => holdersOfAccounts(manager, serviceAccountIds));
    return serviceAccountIds.map((id) => holders.get(id) ?? []);
  });
