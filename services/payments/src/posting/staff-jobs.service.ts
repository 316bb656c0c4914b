import type { TenantContext } from '@platform/api';
import { recordSecurityEvent, type SecurityContext } from '@platform/auth';
import { sweepCityDisconnections } from '@platform/billing';
import { accountStandingNotices } from '@platform/customers';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { tenantByIdLoader } from '@platform/tenants';
import { accountsWithPaymentsUnanswered } from '../payment/payment.queries';
import { postDuePayments } from './posting.job';

/*
 * ADMIN runs the city's hourly jobs now, as runAutopay runs autopay: after a
 * restoration is paid, staff need the payment posted (and the account swept)
 * without waiting for the schedule. Both jobs are idempotent, so running one
 * beside the schedule does nothing twice. Each run goes into the city's audit
 * log; payments hosts this because it is the service that sees both billing's
 * sweep and the customers service's audit log, and autopay, which does not see
 * the log, records its runs through recordJobRun.
 */

/**
 * Writes in the city's audit log (JOB_RUN) that someone ran one of its jobs now rather than leaving it to the
 * schedule: the ADMIN from the console, by their request's address, or the command line (`actor` "cli"). `detail`
 * holds ids and counts only. In a transaction of its own, after the run: a run spans many.
 */
export function recordJobRun(ctx: SecurityContext, job: string, detail: Readonly<Record<string, string>>, actor?: string): Promise<void> {
  return withTenant(ctx, (manager) => recordSecurityEvent(manager, ctx, { kind: 'JOB_RUN', actor, detail: { job, ...detail } }));
}

/** Posts the city's due payments now; how many it posted. */
export async function runPostingNow(ctx: TenantContext, processor: PaymentProcessor): Promise<number> {
  const posted = await postDuePayments(ctx, processor, ctx.log);
  await recordJobRun(ctx, 'payments.post', { posted: String(posted) });
  return posted;
}

/** Runs the city's disconnection-eligibility sweep now. */
export async function runDisconnectionSweepNow(ctx: TenantContext): Promise<{ markedEligible: number; cleared: number }> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  const result = await sweepCityDisconnections(ctx, tenant, { paymentsUnanswered: accountsWithPaymentsUnanswered, standingNotices: accountStandingNotices });
  await recordJobRun(ctx, 'billing.disconnection-sweep', { markedEligible: String(result.markedEligible), cleared: String(result.cleared) });
  return result;
}
