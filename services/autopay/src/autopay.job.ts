import type { JobHandler } from '@platform/api';
import { localDateOf } from '@platform/core';
import { forEachCity, toTenantRef } from '@platform/tenants';
import { sendAutopayNotices } from './notices/pre-deduction-notices.service';
import { runAutopay } from './runs/autopay-run.service';
import type { AutopaySettings } from './autopay-settings';

/**
 * The scheduled pass, hourly: for every city, on its own calendar, today's
 * run (the month's deductions from the deduction day on, due retries,
 * follow-ups), then the notices. A city that fails does not hold the others
 * back, nor does a run that fails hold back its city's notices; the job
 * fails afterwards, so the queue retries it (every step is idempotent). A process that is stopping ends its run part-way (see
 * runAutopay) and reaches no further city.
 */
export function autopayPass(settings: AutopaySettings): JobHandler {
  return async (_payload, { db, clock, log, stopping }) => {
    await forEachCity(db, log, async (tenant) => {
      // The process is stopping: the cities not reached wait for the next pass.
      if (stopping.aborted) return;
      const scope = { db, tenant: toTenantRef(tenant), clock, locale: tenant.settings.defaultLocale };
      const today = localDateOf(clock.now(), tenant.settings.timeZone);
      // A run that fails (an account whose attempt threw, kept for the next run) still leaves the city's notices to go
      // out: skipped, one stuck account would keep every resident of the city from being reminded, hour after hour.
      const ran = await runAutopay(scope, settings, tenant, { date: today, today, trigger: 'SCHEDULE', actor: 'system' }, stopping).then(
        (run) => ({ ok: true as const, run }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      const notices = await sendAutopayNotices(scope, tenant, today);
      if (!ran.ok) throw ran.error;
      if (ran.run || notices.REMINDER + notices.CARD_EXPIRING > 0) log.info({ tenant: tenant.slug, date: today, runId: ran.run?.id ?? null, notices }, 'autopay pass');
    });
  };
}
