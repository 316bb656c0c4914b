import type { TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { sweepCityDisconnections } from '@platform/billing';
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
 * sweep and the customers service's audit log.
 */

/** Posts the city's due payments now; how many it posted. */
export async function runPostingNow(ctx: TenantContext, processor: PaymentProcessor): Promise<number> {
  const posted = await postDuePayments(ctx, processor, ctx.log);
  await withTenant(ctx, (manager) => recordSecurityEvent(manager, ctx, { kind: 'JOB_RUN', detail: { job: 'payments.post', posted: String(posted) } }));
  return posted;
}

/** Runs the city's disconnection-eligibility sweep now. */
export async function runDisconnectionSweepNow(ctx: TenantContext): Promise<{ markedEligible: number; cleared: number }> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  const result = await sweepCityDisconnections(ctx, tenant, accountsWithPaymentsUnanswered);
  await withTenant(ctx, (manager) =>
    recordSecurityEvent(manager, ctx, { kind: 'JOB_RUN', detail: { job: 'billing.disconnection-sweep', markedEligible: String(result.markedEligible), cleared: String(result.cleared) } }),
  );
  return result;
}
