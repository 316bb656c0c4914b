import type { Clock } from '@platform/core';
import { forEachCity, toTenantRef, type Tenant } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { BillingScope } from '../billing-scope';
import { disconnectionRulesOf, sweepDisconnectionEligibility } from './disconnection.service';
import type { PastDueNotices } from './past-due-notices';
import type { PaymentsUnanswered } from './payments-unanswered';

/** The scheduled sweep over every city, each with its own rules and calendar. Idempotent, so the schedule can run it hourly. */
export async function runDisconnectionSweep(db: DataSource, clock: Clock, log: Logger, others: SweepDependencies): Promise<void> {
  await forEachCity(db, log, async (tenant) => {
    const result = await sweepCityDisconnections({ db, tenant: toTenantRef(tenant), clock }, tenant, others);
    if (result.markedEligible + result.cleared + result.withdrawn > 0) log.info({ tenant: tenant.slug, ...result }, 'disconnection sweep');
  });
}

/** What the sweep needs of the services above billing, which the gateway hands in: payments' answer, and customers' warnings. */
export interface SweepDependencies {
  readonly paymentsUnanswered: PaymentsUnanswered;
  readonly pastDueNotices: PastDueNotices;
}

/** One city's sweep under its own rules: the scheduled job's step, and what staff run on demand. */
export function sweepCityDisconnections(
  scope: BillingScope & { readonly db: DataSource },
  tenant: Tenant,
  { paymentsUnanswered, pastDueNotices }: SweepDependencies,
): Promise<{ markedEligible: number; cleared: number; withdrawn: number }> {
  return sweepDisconnectionEligibility(scope, disconnectionRulesOf(tenant), paymentsUnanswered, pastDueNotices);
}
