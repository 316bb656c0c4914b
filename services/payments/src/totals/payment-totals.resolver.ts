import { Role, assertPeriodInOrder, requireTenant, type RequestContext } from '@platform/api';
import { DomainError, ErrorCode, daysBetween, isIsoDate, translate } from '@platform/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { periodTotals } from './payment-totals';
import { toPaymentTotalsType } from './payment-totals.mappers';
import { moveSums } from './payment-totals.queries';
import { PaymentTotalsType } from './payment-totals.types';

/** The longest period one report covers, a quarter: each move in it is read. */
const MAX_DAYS = 92;

/** Staff: the city's daily totals. */
@Resolver()
export class PaymentTotalsResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => PaymentTotalsType, {
    description:
      "SUPPORT, ADMIN: money in and out from the start of `from` to the end of `to` (both days in the city's calendar), per day and method; at most 92 days (BAD_USER_INPUT, reason PERIOD_TOO_LONG), `to` not before `from` (reason INVALID_PERIOD), and neither before the year 100 (reason INVALID_DATE, field naming it).",
  })
  async paymentTotals(@Arg('from', () => LocalDateResolver) from: string, @Arg('to', () => LocalDateResolver) to: string, @Ctx() context: RequestContext): Promise<PaymentTotalsType> {
    const ctx = requireTenant(context);
    // LocalDate takes years 0000-0099, which the platform's calendar (isIsoDate) does not: a clerk's short year ("0026").
    const outside = (['from', 'to'] as const).find((field) => !isIsoDate(field === 'from' ? from : to));
    if (outside) throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(ctx.locale, 'payments.totalsDateInvalid'), { reason: 'INVALID_DATE', field: outside });
    assertPeriodInOrder(ctx.locale, new Date(from), new Date(to), 'to');
    if (daysBetween(from, to) + 1 > MAX_DAYS) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(ctx.locale, 'payments.totalsTooLong', { days: MAX_DAYS }), { reason: 'PERIOD_TOO_LONG', field: 'from' });
    }
    return toPaymentTotalsType(from, to, periodTotals(await moveSums(ctx, from, to)));
  }
}
