import type { TenantContext } from '@platform/api';
import { money, type Money } from '@platform/core';
import { withTenant } from '@platform/db';
import type { CallOutcome } from './call.entity';
import type { CallStep } from './call-state';

/** What the calls that started in a period came to, in the caller's tenant transaction. */
export interface CallOutcomeCounts {
  readonly calls: number;
  readonly paid: number;
  readonly amountPaid: Money;
  readonly transferred: number;
  readonly verificationFailed: number;
  readonly ended: number;
  readonly abandoned: number;
  readonly inProgress: number;
  /** Abandoned calls by the step they were at, most first. */
  readonly abandonedAt: readonly { readonly step: CallStep; readonly calls: number }[];
}

/** Calls that started in [since, until), counted by outcome, in two statements. */
export async function callOutcomeCounts(ctx: TenantContext, since: Date, until: Date): Promise<CallOutcomeCounts> {
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
      calls: byOutcome.reduce((sum, row) => sum + Number(row.calls), 0),
      paid: count('PAID'),
      amountPaid: money(BigInt(byOutcome.find((row) => row.outcome === 'PAID')?.cents ?? '0')),
      transferred: count('TRANSFERRED'),
      verificationFailed: count('VERIFICATION_FAILED'),
      ended: count('ENDED'),
      abandoned: count('ABANDONED'),
      inProgress: count('IN_PROGRESS'),
      abandonedAt: abandonedAt.map((row) => ({ step: row.step, calls: Number(row.calls) })),
    };
  });
}
