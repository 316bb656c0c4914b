import { requireTenant, type LoaderFactory, type RequestContext } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import { accountPagesLoader, type AccountPageKey } from '../lists';
import type { Balance } from './balance';
import type { LedgerEntryEntity } from './ledger-entry.entity';
import { ledgerPages, loadBalances } from './ledger.queries';

/** Balances of the accounts a response shows, in one batch per request. */
export const balanceLoader: LoaderFactory<string, Balance> = (ctx) =>
  new DataLoader(async (ids) => {
    const tenantCtx = requireTenant(ctx);
    const balances = await withTenant(tenantCtx, (manager) => loadBalances(manager, tenantCtx, ids));
    return ids.map((id) => balances.get(id)!);
  });

/** Hands the request's balance loader balances read elsewhere in the request (beside the accounts, say), so they are not read again. */
export function primeBalances(ctx: RequestContext, balances: ReadonlyMap<string, Balance>): void {
  const loader = ctx.loaders.get(balanceLoader);
  for (const [id, balance] of balances) loader.prime(id, balance);
}

export interface LedgerPageKey extends AccountPageKey {
  /** Rows to fetch: one more than the page (fetchSize). */
  readonly limit: number;
  /** The last entry of the page before (null: from the newest). */
  readonly beforeId: string | null;
}

/** Each account's ledger page, for all the accounts a response shows: one statement per page size and cursor asked. */
export const ledgerPageLoader: LoaderFactory<LedgerPageKey, LedgerEntryEntity[]> = (ctx) =>
  accountPagesLoader(
    ctx,
    (key) => `${key.limit}:${key.beforeId ?? ''}`,
    (manager, ids, page) => ledgerPages(manager, ids, page.limit, page.beforeId),
  );
