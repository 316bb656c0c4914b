import { Role, requireTenant, type RequestContext } from '@platform/api';
import { sweepCityDisconnections } from '@platform/billing';
import { recordSecurityEvent } from '@platform/auth';
import { withTenant } from '@platform/db';
import { tenantByIdLoader } from '@platform/tenants';
import { Authorized, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { postDuePayments } from './posting.job';

@ObjectType('PostingRun', { description: "A run of the city's posting job." })
export class PostingRunType {
  @Field(() => Int, { description: 'Payments posted by this run.' }) posted: number;
}

@ObjectType('DisconnectionSweepRun', { description: "A run of the city's disconnection-eligibility sweep." })
export class DisconnectionSweepRunType {
  @Field(() => Int, { description: 'Accounts newly DISCONNECT_ELIGIBLE.' }) markedEligible: number;
  @Field(() => Int, { description: 'Eligible accounts that caught up, back to ACTIVE.' }) cleared: number;
}

/*
 * ADMIN runs the city's hourly jobs now, as runAutopay runs autopay: after a
 * restoration is paid, staff need the payment posted (and the account swept)
 * without waiting for the schedule. Both jobs are idempotent, so running one
 * beside the schedule does nothing twice. Each run goes into the city's audit
 * log; payments hosts this because it is the service that sees both billing's
 * sweep and the customers service's audit log.
 */
@Resolver()
export class StaffJobsResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => PostingRunType, { description: "ADMIN: posts now every payment of this city whose posting day has come (the hourly posting job, for this city). Recorded in the audit log." })
  async runPosting(@Ctx() ctx: RequestContext): Promise<PostingRunType> {
    const tenantCtx = requireTenant(ctx);
    const posted = await postDuePayments(tenantCtx, ctx.log);
    await withTenant(tenantCtx, (manager) => recordSecurityEvent(manager, tenantCtx, { kind: 'JOB_RUN', detail: { job: 'payments.post', posted: String(posted) } }));
    return { posted };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DisconnectionSweepRunType, { description: "ADMIN: runs this city's disconnection-eligibility sweep now. Recorded in the audit log." })
  async runDisconnectionSweep(@Ctx() ctx: RequestContext): Promise<DisconnectionSweepRunType> {
    const tenantCtx = requireTenant(ctx);
    const tenant = await ctx.loaders.get(tenantByIdLoader).load(tenantCtx.tenant.id);
    if (!tenant) throw new Error(`tenant ${tenantCtx.tenant.id} vanished during the request`);
    const result = await sweepCityDisconnections(tenantCtx, tenant);
    await withTenant(tenantCtx, (manager) =>
      recordSecurityEvent(manager, tenantCtx, { kind: 'JOB_RUN', detail: { job: 'billing.disconnection-sweep', markedEligible: String(result.markedEligible), cleared: String(result.cleared) } }),
    );
    return result;
  }
}
