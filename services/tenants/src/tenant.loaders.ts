import type { LoaderFactory } from '@platform/api';
import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { TenantEntity } from './tenant.entity';
import { toTenant, type Tenant } from './tenant';

/** Cities by id, batched per request; the gateway primes it with the request's own city. */
export const tenantByIdLoader: LoaderFactory<string, Tenant | null> = (ctx) =>
  new DataLoader(async (ids) => {
    const rows = await ctx.db.getRepository(TenantEntity).findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, toTenant(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  });
