import { MoneyType, Role, assertPeriodInOrder, requireTenant, type RequestContext } from '@platform/api';
import { DomainError, ErrorCode, translate } from '@platform/core';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { callOutcomeCounts } from './call-outcomes.queries';
import { PhoneCallSummaryType } from './call-outcomes.types';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest period one summary covers: each PAID call's payment is looked up. */
const MAX_DAYS = 366;

/** Staff: how the phone line is doing. */
@Resolver()
export class CallOutcomesResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => PhoneCallSummaryType, {
    description:
      'SUPPORT, ADMIN: calls to the pay-by-phone line that started from `from` (default 30 days before `to`) until `to` (default now), by outcome; at most 366 days at a time (BAD_USER_INPUT, reason PERIOD_TOO_LONG), and `to` not before `from` (reason INVALID_PERIOD).',
  })
  async phoneCallSummary(
    @Arg('from', () => Date, { nullable: true }) from: Date | null,
    @Arg('to', () => Date, { nullable: true }) to: Date | null,
    @Ctx() context: RequestContext,
  ): Promise<PhoneCallSummaryType> {
    const ctx = requireTenant(context);
    const until = to ?? ctx.clock.now();
    const since = from ?? new Date(until.getTime() - 30 * DAY_MS);
    assertPeriodInOrder(ctx.locale, since, until, 'to');
    if (until.getTime() - since.getTime() > MAX_DAYS * DAY_MS) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(ctx.locale, 'phone.summaryTooLong', { days: MAX_DAYS }), { reason: 'PERIOD_TOO_LONG', field: 'from' });
    }
    const counts = await callOutcomeCounts(ctx, since, until);
    return { ...counts, from: since, to: until, amountPaid: new MoneyType(counts.amountPaid), abandonedAt: [...counts.abandonedAt] };
  }
}
