import { eachIndependently } from '@platform/api';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { listTenants } from './tenant.queries';
import type { Tenant } from './tenant';

/**
 * A scheduled job's work for every city, each on its own: one that fails is
 * logged under its slug and does not hold the others back, and the job fails
 * afterwards (eachIndependently), so the queue tries it again.
 */
export async function forEachCity(db: DataSource, log: Logger, work: (tenant: Tenant) => Promise<void>): Promise<void> {
  await eachIndependently(await listTenants(db), log, (tenant) => ({ tenant: tenant.slug }), work);
}
