import { isIsoDate, localDateOf, ok, refused, UserErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { Tenant } from '@platform/tenants';
import { summarized, type SummarizedRun } from './autopay-run.queries';
import { runAutopay } from './autopay-run.service';
import type { AutopayScope } from '../autopay-scope';
import type { AutopaySettings } from '../autopay-settings';
import { autopayError } from '../autopay.errors';

export interface ManualRunRequest {
  /** A city date, YYYY-MM-DD, today or earlier. */
  readonly date: string;
  readonly trigger: 'STAFF' | 'CLI';
  readonly actor: string;
}

/**
 * Staff's runAutopay and the CLI's autopay:run: the scheduled pass for a
 * date, e.g. to catch up after an outage. Rerunning a date that already ran
 * charges nobody again. A date still to come is refused: autopay never
 * deducts before the day the customer was promised.
 */
export async function runAutopayForDate(scope: AutopayScope, settings: AutopaySettings, tenant: Tenant, request: ManualRunRequest, stopping?: AbortSignal): Promise<Result<SummarizedRun>> {
  if (!isIsoDate(request.date)) return refused(autopayError(scope.locale, ['date'], UserErrorCode.INVALID_DATE));
  const today = localDateOf(scope.clock.now(), tenant.settings.timeZone);
  if (request.date > today) return refused(autopayError(scope.locale, ['date'], UserErrorCode.DATE_IN_FUTURE, undefined, { today }));
  const run = await runAutopay(scope, settings, tenant, { ...request, today }, stopping);
  if (!run) throw new Error('a run asked for by staff or the CLI always has a row');
  const [done] = await withTenant(scope, (manager) => summarized(manager, [run]));
  if (!done) throw new Error(`run ${run.id} has no summary`);
  return ok(done);
}
