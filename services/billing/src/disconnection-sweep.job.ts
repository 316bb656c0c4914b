import { eachIndependently } from '@platform/api';
import type { Clock } from '@platform/core';
import { listTenants, toTenantRef } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { sweepDisconnectionEligibility } from './disconnection.service';

/** The scheduled sweep over every city, each with its own rules and calendar. Idempotent, so the schedule can run it hourly. */
export async function runDisconnectionSweep(db: DataSource, clock: Clock, log: Logger): Promise<void> {
  await eachIndependently(await listTenants(db), log, (tenant) => ({ tenant: tenant.slug }), async (tenant) => {
    const { daysPastDue, minimumPastDueCents } = tenant.settings.disconnectionRules;
    const result = await sweepDisconnectionEligibility({ db, tenant: toTenantRef(tenant), clock }, { daysPastDue, minimumPastDueCents: BigInt(minimumPastDueCents) });
    if (result.markedEligible + result.cleared > 0) log.info({ tenant: tenant.slug, ...result }, 'disconnection sweep');
  });
}
