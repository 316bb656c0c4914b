import { Role, requireTenant, type RequestContext } from '@platform/api';
import { Authorized, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { PaymentProcessor } from '@platform/processor';
import { runDisconnectionSweepNow, runPostingNow } from './staff-jobs.service';

@ObjectType('PostingRun', { description: "A run of the city's posting job." })
export class PostingRunType {
  @Field(() => Int, { description: 'Payments posted by this run.' }) posted: number;
}

@ObjectType('DisconnectionSweepRun', { description: "A run of the city's disconnection-eligibility sweep." })
export class DisconnectionSweepRunType {
  @Field(() => Int, { description: 'Accounts newly DISCONNECT_ELIGIBLE.' }) markedEligible: number;
  @Field(() => Int, { description: 'Eligible accounts that caught up, back to ACTIVE.' }) cleared: number;
}

/** ADMIN: the city's hourly jobs, now (see staff-jobs.service). */
@Resolver()
export class StaffJobsResolver {
  constructor(private readonly processor: PaymentProcessor) {}

  @Authorized(Role.ADMIN)
  @Mutation(() => PostingRunType, { description: 'ADMIN: posts now every payment of this city whose posting day has come (the hourly posting job, for this city). Recorded in the audit log.' })
  async runPosting(@Ctx() ctx: RequestContext): Promise<PostingRunType> {
    return { posted: await runPostingNow(requireTenant(ctx), this.processor) };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DisconnectionSweepRunType, { description: "ADMIN: runs this city's disconnection-eligibility sweep now. Recorded in the audit log." })
  async runDisconnectionSweep(@Ctx() ctx: RequestContext): Promise<DisconnectionSweepRunType> {
    return runDisconnectionSweepNow(requireTenant(ctx));
  }
}
