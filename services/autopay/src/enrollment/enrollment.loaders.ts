import { requireTenant, type LoaderFactory } from '@platform/api';
import { withTenant } from '@platform/db';
import { savedMethodsById, type SavedMethodSummary } from '@platform/payments';
import DataLoader from 'dataloader';
import { autopayOfAccounts, type AccountAutopay } from './enrollment.queries';

/** The enrolments (and their methods) of the accounts a response shows, in one batch per request. */
export const accountAutopayLoader: LoaderFactory<string, AccountAutopay> = (ctx) =>
  new DataLoader(async (accountIds) => {
    const autopay = await withTenant(requireTenant(ctx), (manager) => autopayOfAccounts(manager, accountIds));
    return accountIds.map((id) => autopay.get(id) ?? { enrollment: null, method: null });
  });

/** Saved methods by id (the payments service's), in one batch per request. */
export const savedMethodLoader: LoaderFactory<string, SavedMethodSummary | null> = (ctx) =>
  new DataLoader(async (methodIds) => {
    const methods = await withTenant(requireTenant(ctx), (manager) => savedMethodsById(manager, methodIds));
    return methodIds.map((id) => methods.get(id) ?? null);
  });
