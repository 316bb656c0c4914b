import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { TenantEntity } from './tenant.entity';
import { isWellFormedSlug, toTenant, type Tenant } from './tenant';
import { cachedTenant } from './tenant-registry-cache';

/*
 * Reads of the city registry. It is not a tenant table (a request needs it
 * to learn its city), so these read it directly, with no tenant scope.
 */

/** The tenant a request names, or null; anyone may ask, since it only reads public configuration. From the gateway's copy when it keeps one (tenant-registry-cache.ts). */
export async function findTenantBySlug(db: DataSource, slug: string): Promise<Tenant | null> {
  if (!isWellFormedSlug(slug)) return null;
  return cachedTenant(db, slug, async () => {
    const row = await db.getRepository(TenantEntity).findOneBy({ slug });
    return row ? toTenant(row) : null;
  });
}

export async function listTenants(db: DataSource): Promise<Tenant[]> {
  const rows = await db.getRepository(TenantEntity).find({ order: { slug: 'ASC' } });
  return rows.map(toTenant);
}

/** Cities by id, in one statement; an unknown id is absent. */
export async function tenantsById(db: DataSource, ids: readonly string[]): Promise<Map<string, Tenant>> {
  const rows = ids.length === 0 ? [] : await db.getRepository(TenantEntity).findBy({ id: In([...ids]) });
  return new Map(rows.map((row) => [row.id, toTenant(row)]));
}
