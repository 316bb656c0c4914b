import type { LoaderFactory } from '@platform/api';
import { requireTenant } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import type { Balance } from './balance';
import { loadBalances } from './ledger.service';

/** Balances of the accounts a response shows, in one batch per request. */
export const balanceLoader: LoaderFactory<string, Balance> = (ctx) =>
  new DataLoader(async (ids) => {
    const tenantCtx = requireTenant(ctx);
    const balances = await withTenant(tenantCtx, (manager) => loadBalances(manager, tenantCtx, ids));
    return ids.map((id) => balances.get(id)!);
  });
