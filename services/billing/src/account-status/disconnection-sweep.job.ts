import type { Clock } from '@platform/core';
import { forEachCity, toTenantRef, type Tenant } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { BillingScope } from '../billing-scope';
import { disconnectionRulesOf, sweepDisconnectionEligibility } from './disconnection.service';
import type { AccountStatusDependencies } from './account-status-dependencies';

/** The scheduled sweep over every city, each with its own rules and calendar. Idempotent, so the schedule can run it hourly. */
export async function runDisconnectionSweep(db: DataSource, clock: Clock, log: Logger, others: AccountStatusDependencies): Promise<void> {
  await forEachCity(db, log, async (tenant) => {
    const result = await sweepCityDisconnections({ db, tenant: toTenantRef(tenant), clock }, tenant, others);
    if (result.markedEligible + result.cleared + result.withdrawn > 0) log.info({ tenant: tenant.slug, ...result }, 'disconnection sweep');
  });
}

/** One city's sweep under its own rules: the scheduled job's step, and what staff run on demand. */
export function sweepCityDisconnections(
  scope: BillingScope & { readonly db: DataSource },
  tenant: Tenant,
  { paymentsUnanswered, standingNotices }: AccountStatusDependencies,
): Promise<{ markedEligible: number; cleared: number; withdrawn: number }> {
  return sweepDisconnectionEligibility(scope, disconnectionRulesOf(tenant), paymentsUnanswered, standingNotices);
}
