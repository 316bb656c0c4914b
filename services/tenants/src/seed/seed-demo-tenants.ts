import { UserErrorCode, type Clock } from '@platform/core';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { TenantsSettings } from '../platform-hosts';
import { findTenantBySlug } from '../tenant.queries';
import { createTenant } from '../tenant.service';
import { DEMO_TENANTS } from './demo-tenants';

/** Adds the demo cities that are missing, dated by the seeding clock; a city already there keeps whatever an operator made of it. */
export async function seedDemoTenants(db: DataSource, log: Logger, clock: Clock, settings: TenantsSettings): Promise<void> {
  for (const demo of DEMO_TENANTS) {
    if (await findTenantBySlug(db, demo.slug)) continue;
    const result = await createTenant({ db, clock, locale: 'en' }, settings, demo, 'seed');
    // Another instance starting at the same moment may have just added it.
    if (!result.ok && result.userErrors.every((e) => e.code === UserErrorCode.SLUG_TAKEN)) continue;
    if (!result.ok) throw new Error(`demo tenant ${demo.slug} is invalid: ${JSON.stringify(result.userErrors)}`);
    log.info({ tenant: demo.slug }, 'seeded demo tenant');
  }
}
