import { requireTenant, type LoaderFactory } from '@platform/api';
import { primeBalances, readOwnedAccountsWithBalances, type ServiceAccountEntity } from '@platform/billing';
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
 * for a response that shows balances (every signed-in resident's page),
 * which then cost one round trip in all, links included (billing's
 * readOwnedAccountsWithBalances over this service's links).
 */
export const linkedAccountsWithBalancesLoader: LoaderFactory<string, readonly ServiceAccountEntity[]> = (ctx) =>
  new DataLoader(async (userIds) => {
    const { owned, balances } = await readOwnedAccountsWithBalances(requireTenant(ctx), {
      name: 'linked-to-users',
      ownedSql: 'SELECT tenant_id, user_id, service_account_id FROM account_links WHERE user_id = ANY($1)',
      values: [[...new Set(userIds)]],
    });
    primeBalances(ctx, balances);
    return userIds.map((userId) => owned.filter((row) => row.owner === userId).map((row) => row.account));
  });

/** The users who linked each account (earliest first), one batch per request. */
export const accountHoldersLoader: LoaderFactory<string, readonly AccountHolder[]> = (ctx) =>
  new DataLoader(async (serviceAccountIds) => {
    const holders = await withTenant(requireTenant(ctx), (manager) => holdersOfAccounts(manager, serviceAccountIds));
    return serviceAccountIds.map((id) => holders.get(id) ?? []);
  });
