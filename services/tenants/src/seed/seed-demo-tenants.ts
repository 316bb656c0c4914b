import { UserErrorCode, type Clock } from '@platform/core';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { TenantsSettings } from '../platform-hosts';
import { findTenantBySlug } from '../tenant.queries';
import { createTenant } from '../tenant.service';
import { DEMO_SEED_ACTOR } from './demo-city';
import { DEMO_TENANTS } from './demo-tenants';

/**
 * Adds the demo cities that are missing, dated by the seeding clock, as DEMO_SEED_ACTOR (which marks them: findDemoCity); a
 * city already there keeps whatever an operator made of it, and stays no demo city.
 */
export async function seedDemoTenants(db: DataSource, log: Logger, clock: Clock, settings: TenantsSettings): Promise<void> {
  for (const demo of DEMO_TENANTS) {
    if (await findTenantBySlug(db, demo.slug)) continue;
    const result = await createTenant({ db, clock, locale: 'en' }, settings, demo, DEMO_SEED_ACTOR);
    // Another instance starting at the same moment may have just added it.
    if (!result.ok && result.userErrors.every((e) => e.code === UserErrorCode.SLUG_TAKEN)) continue;
    if (!result.ok) throw new Error(`demo tenant ${demo.slug} is invalid: ${JSON.stringify(result.userErrors)}`);
    log.info({ tenant: demo.slug }, 'seeded demo tenant');
  }
}
