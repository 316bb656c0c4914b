import type { LoaderFactory } from '@platform/api';
import DataLoader from 'dataloader';
import type { Tenant } from './tenant';
import { tenantsById } from './tenant.queries';

/** Cities by id, batched per request; the gateway primes it with the request's own city. */
export const tenantByIdLoader: LoaderFactory<string, Tenant | null> = (ctx) =>
  new DataLoader(async (ids) => {
    const byId = await tenantsById(ctx.db, ids);
    return ids.map((id) => byId.get(id) ?? null);
  });
