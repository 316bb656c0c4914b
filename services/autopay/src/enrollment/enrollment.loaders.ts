import { requireTenant, type LoaderFactory } from '@platform/api';
import { withTenant } from '@platform/db';
import { savedMethodsById, type SavedMethodSummary } from '@platform/payments';
import DataLoader from 'dataloader';
import { NO_SCHEDULE, cycleOf } from '../autopay-calendar';
import { autopayViewOf } from './autopay-view';
import { autopayOfAccounts, type AccountAutopay } from './enrollment.queries';

/** The enrolments (with their methods, what their coming deductions keep to from this month on and whether they have lapsed) of the accounts a response shows, in one batch per request. */
export const accountAutopayLoader: LoaderFactory<string, AccountAutopay> = (ctx) =>
  new DataLoader(async (accountIds) => {
    const { today } = await autopayViewOf(ctx);
    const autopay = await withTenant(requireTenant(ctx), (manager) => autopayOfAccounts(manager, accountIds, cycleOf(today)));
    return accountIds.map((id) => autopay.get(id) ?? { enrollment: null, method: null, schedule: NO_SCHEDULE, lapsed: false });
  });

/** Saved methods by id (the payments service's), in one batch per request. */
export const savedMethodLoader: LoaderFactory<string, SavedMethodSummary | null> = (ctx) =>
  new DataLoader(async (methodIds) => {
    const methods = await withTenant(requireTenant(ctx), (manager) => savedMethodsById(manager, methodIds));
    return methodIds.map((id) => methods.get(id) ?? null);
  });
