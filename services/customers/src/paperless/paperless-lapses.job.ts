import type { JobHelpers } from '@platform/api';
import { withTenant } from '@platform/db';
import { forEachCity, toTenantRef } from '@platform/tenants';
import { endLapsedChoices } from './paperless.service';

/**
 * Ends, city by city, the paperless choices that no longer stand for a cause the customers service does not see happen
 * (a resident switched bill emails off, their address bounced): told and audited as endLapsedChoices says. The print
 * list never waits for this pass (it weighs each choice as it is read); the pass is what tells the resident and keeps
 * the record. Idempotent: a choice ended is gone.
 */
export async function endLapsedPaperlessChoices({ db, clock, log }: Pick<JobHelpers, 'db' | 'clock' | 'log'>): Promise<void> {
  await forEachCity(db, log, async (tenant) => {
    const scope = { db, tenant: toTenantRef(tenant), clock };
    const audit = { ...scope, clientIp: 'system', viewer: null, operator: false };
    const ended = await withTenant(scope, (manager) => endLapsedChoices(manager, audit, tenant.settings.paperless.offered, null));
    if (ended > 0) log.info({ tenant: tenant.slug, ended }, 'paperless choices ended');
  });
}
