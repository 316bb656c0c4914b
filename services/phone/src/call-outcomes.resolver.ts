import { MoneyType, Role, requireTenant, type RequestContext } from '@platform/api';
import { money } from '@platform/core';
import { withTenant } from '@platform/db';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { CallOutcome } from './call.entity';
import type { CallStep } from './call-state';
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
    return withTenant(ctx, async (manager) => {
      const byOutcome = await manager.query<{ outcome: CallOutcome; calls: string; cents: string | null }[]>(
        `SELECT outcome, count(*)::text AS calls, sum(paid_cents)::text AS cents FROM phone_calls WHERE started_at >= $1 AND started_at < $2 GROUP BY outcome`,
        [since, until],
      );
      const abandonedAt = await manager.query<{ step: CallStep; calls: string }[]>(
        `SELECT ended_at_step AS step, count(*)::text AS calls FROM phone_calls
          WHERE started_at >= $1 AND started_at < $2 AND outcome = 'ABANDONED' GROUP BY ended_at_step ORDER BY count(*) DESC, ended_at_step`,
        [since, until],
      );
      const count = (outcome: CallOutcome) => Number(byOutcome.find((row) => row.outcome === outcome)?.calls ?? 0);
      return {
        from: since,
        to: until,
        calls: byOutcome.reduce((sum, row) => sum + Number(row.calls), 0),
        paid: count('PAID'),
        amountPaid: new MoneyType(money(BigInt(byOutcome.find((row) => row.outcome === 'PAID')?.cents ?? '0'))),
        transferred: count('TRANSFERRED'),
        verificationFailed: count('VERIFICATION_FAILED'),
        ended: count('ENDED'),
        abandoned: count('ABANDONED'),
        inProgress: count('IN_PROGRESS'),
        abandonedAt: abandonedAt.map((row) => ({ step: row.step, calls: Number(row.calls) })),
      };
    });
  }
}
