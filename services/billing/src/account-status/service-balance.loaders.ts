import { requireTenant, type LoaderFactory } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import type { Balance } from '../ledger/balance';
import { loadServiceBalances } from './service-balance.queries';

/** The utility service's balances (what the disconnection rules weigh) of the accounts a response shows, in one batch per request. */
export const serviceBalanceLoader: LoaderFactory<string, Balance> = (ctx) =>
  new DataLoader(async (ids) => {
    const tenantCtx = requireTenant(ctx);
    const balances = await withTenant(tenantCtx, (manager) => loadServiceBalances(manager, tenantCtx, ids), { readOnly: true });
    return ids.map((id) => balances.get(id)!);
  });
