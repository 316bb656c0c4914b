import { withTenant } from '@platform/db';
import type { DataSource } from 'typeorm';
import type { Tenant } from '../tenant';
import { findTenantBySlug } from '../tenant.queries';
import { TenantSettingsChangeEntity } from '../tenant-settings-change.entity';

/** Who a demo city's settings history says created it (seedDemoTenants); the operator and the CLI sign theirs otherwise. */
export const DEMO_SEED_ACTOR = 'seed';

/**
 * The city of this slug if the demo seeding created it, else null. Every other service seeds its demo rows (staff whose
 * password is published, fake households with bills to pay) only into such a city: one of the same name that an
 * operator created is a real city, which a development process seeding against its database must leave alone.
 */
export async function findDemoCity(db: DataSource, slug: string): Promise<Tenant | null> {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) return null;
  const seeded = await withTenant({ db, tenant: { id: tenant.id } }, (manager) => manager.getRepository(TenantSettingsChangeEntity).existsBy({ kind: 'CREATED', actor: DEMO_SEED_ACTOR }));
  return seeded ? tenant : null;
}
