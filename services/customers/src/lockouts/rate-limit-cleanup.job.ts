import type { JobHelpers } from '@platform/api';
import { deleteExpiredBuckets } from '@platform/auth';
import { withTenant } from '@platform/db';
import { forEachCity, toTenantRef } from '@platform/tenants';

/** Rows deleted per transaction: short transactions, so the limits' own statements never wait long behind the job. */
const CLEANUP_BATCH_SIZE = 1000;

/**
 * Deletes every rate-limit bucket whose window has ended (rate_limit_buckets
 * only grows otherwise: a row per address, account, card and identifier ever
 * tried), city by city under its row-level security, in batches of its own
 * transaction. Idempotent: a bucket past its window counts nothing, so a run
 * repeated, or cut off and run again, deletes only what is still there and
 * changes no limit's answer. A stopping process ends after the batch under way.
 */
export async function cleanUpRateLimitBuckets({ db, clock, log, stopping }: Pick<JobHelpers, 'db' | 'clock' | 'log' | 'stopping'>): Promise<void> {
  const now = clock.now();
  await forEachCity(db, log, async (tenant) => {
    const scope = { db, tenant: toTenantRef(tenant), clock };
    let deleted = 0;
    for (;;) {
      if (stopping.aborted) return;
      const batch = await withTenant(scope, (manager) => deleteExpiredBuckets(manager, now, CLEANUP_BATCH_SIZE), { waitForFlush: false });
      deleted += batch;
      if (batch < CLEANUP_BATCH_SIZE) break;
    }
    if (deleted > 0) log.info({ tenant: tenant.slug, deleted }, 'rate-limit buckets past their window deleted');
  });
}
