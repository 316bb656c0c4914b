import { SUPPORTED_LOCALES, type Clock } from '@platform/core';
import { withTenant } from '@platform/db';
import { listTenants, toTenantRef } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { callExpiredTwiml } from './call-speech';

/**
 * Calls whose state outlived its time (the provider's status callback never
 * came): the state goes, and a call still in progress is abandoned at its
 * step. Its last answer becomes the goodbye a late webhook of it hears, as
 * when the webhook finds it expired first. Idempotent: a call done once is
 * not matched again.
 */
export async function expireCalls(db: DataSource, clock: Clock, log: Logger): Promise<void> {
  const now = clock.now();
  const goodbyes = JSON.stringify(Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, callExpiredTwiml(locale)])));
  for (const tenant of await listTenants(db)) {
    // TypeORM answers an UPDATE with [rows, count]: the count is the number of calls.
    const [, expired] = await withTenant({ db, tenant: toTenantRef(tenant) }, (manager) =>
      manager.query<[unknown[], number]>(
        `UPDATE phone_calls SET
           outcome = CASE WHEN outcome = 'IN_PROGRESS' THEN 'ABANDONED' ELSE outcome END,
           ended_at_step = CASE WHEN outcome = 'IN_PROGRESS' THEN step ELSE ended_at_step END,
           state = NULL, ended_at = coalesce(ended_at, expires_at), last_twiml = coalesce($2::jsonb ->> locale, last_twiml)
         WHERE state IS NOT NULL AND expires_at <= $1`,
        [now, goodbyes],
      ),
    );
    if (expired > 0) log.info({ tenant: tenant.slug, calls: expired }, 'expired phone calls');
  }
}
