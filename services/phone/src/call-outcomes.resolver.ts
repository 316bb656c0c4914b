import { MoneyType, Role, requireTenant, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { callOutcomeCounts } from './call-outcomes.queries';
import { PhoneCallSummaryType } from './call-outcomes.types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Staff: how the phone line is doing. */
@Resolver()
export class CallOutcomesResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => PhoneCallSummaryType, { description: 'SUPPORT, ADMIN: calls to the pay-by-phone line that started from `from` (default 30 days ago) until `to` (default now), by outcome.' })
  async phoneCallSummary(
    @Arg('from', () => Date, { nullable: true }) from: Date | null,
    @Arg('to', () => Date, { nullable: true }) to: Date | null,
    @Ctx() context: RequestContext,
  ): Promise<PhoneCallSummaryType> {
    const ctx = requireTenant(context);
    const until = to ?? ctx.clock.now();
    const since = from ?? new Date(until.getTime() - 30 * DAY_MS);
    const counts = await callOutcomeCounts(ctx, since, until);
    return { ...counts, from: since, to: until, amountPaid: new MoneyType(counts.amountPaid), abandonedAt: [...counts.abandonedAt] };
  }
}
