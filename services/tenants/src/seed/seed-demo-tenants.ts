import { systemClock, UserErrorCode } from '@platform/core';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { findTenantBySlug } from '../tenant.queries';
import { createTenant } from '../tenant.service';
import { DEMO_TENANTS } from './demo-tenants';

/** Adds the demo cities that are missing; a city already there keeps whatever an operator made of it. */
export async function seedDemoTenants(db: DataSource, log: Logger): Promise<void> {
  for (const demo of DEMO_TENANTS) {
    if (await findTenantBySlug(db, demo.slug)) continue;
    const result = await createTenant({ db, clock: systemClock, locale: 'en' }, demo, 'seed');
    // Another instance starting at the same moment may have just added it.
    if (!result.ok && result.userErrors.every((e) => e.code === UserErrorCode.SLUG_TAKEN)) continue;
    if (!result.ok) throw new Error(`demo tenant ${demo.slug} is invalid: ${JSON.stringify(result.userErrors)}`);
    log.info({ tenant: demo.slug }, 'seeded demo tenant');
  }
}
