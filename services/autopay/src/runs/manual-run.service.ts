import { refuseUnlessStillSignedIn, type Viewer } from '@platform/api';
import { isIsoDate, localDateOf, ok, refused, UserErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import { recordJobRun } from '@platform/payments';
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
 * Where a run asked for by someone comes from, for the city's audit log: the request's address and viewer, or the
 * command line's word for itself (viewer null, operator false). A request's TenantContext is one.
 */
export interface ManualRunScope extends AutopayScope {
  readonly clientIp: string;
  readonly viewer: Viewer | null;
  readonly operator: boolean;
}

/**
 * Staff's runAutopay and the CLI's autopay:run: the scheduled pass for a
 * date, e.g. to catch up after an outage. Rerunning a date that already ran
 * charges nobody again. A date still to come is refused: autopay never
 * deducts before the day the customer was promised. Every run made (finished
 * or stopped part-way) is in the city's audit log as JOB_RUN by whoever asked:
 * it charges every enrolled household due that day. Never by an ADMIN removed, demoted or signed out while it was
 * under way before it began (FORBIDDEN, with no run recorded and nobody charged).
 */
export async function runAutopayForDate(scope: ManualRunScope, settings: AutopaySettings, tenant: Tenant, request: ManualRunRequest, stopping?: AbortSignal): Promise<Result<SummarizedRun>> {
  if (!isIsoDate(request.date)) return refused(autopayError(scope.locale, ['date'], UserErrorCode.INVALID_DATE));
  const today = localDateOf(scope.clock.now(), tenant.settings.timeZone);
  if (request.date > today) return refused(autopayError(scope.locale, ['date'], UserErrorCode.DATE_IN_FUTURE, undefined, { today }));
  const run = await runAutopay(scope, settings, tenant, { ...request, today, recheckSender: (manager) => refuseUnlessStillSignedIn(manager, scope) }, stopping);
  if (!run) throw new Error('a run asked for by staff or the CLI always has a row');
  await recordJobRun(scope, 'autopay.run', { runId: run.id, runDate: request.date }, request.actor);
  const [done] = await withTenant(scope, (manager) => summarized(manager, [run]));
  if (!done) throw new Error(`run ${run.id} has no summary`);
  return ok(done);
}
