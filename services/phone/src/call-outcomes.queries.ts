import type { TenantContext } from '@platform/api';
import { money, type Money } from '@platform/core';
import { withTenant } from '@platform/db';
import { paymentStatusesById } from '@platform/payments';
import type { CallOutcome } from './call.entity';
import { goesOnTheCall } from './caller-payment-outcome';
import type { CallStep } from './call-state';

/** What the calls that started in a period came to, in the caller's tenant transaction. */
export interface CallOutcomeCounts {
  readonly calls: number;
  /** Calls whose payment went through, or is still being confirmed. */
  readonly paid: number;
  readonly amountPaid: Money;
  /** Calls that made a payment which did not go through after all (declined once confirmed) or was taken back since. */
  readonly paymentsNotKept: number;
  readonly transferred: number;
  readonly verificationFailed: number;
  readonly ended: number;
  readonly abandoned: number;
  readonly inProgress: number;
  /** Abandoned calls by the step they were at, most first. */
  readonly abandonedAt: readonly { readonly step: CallStep; readonly calls: number }[];
}

/**
 * Calls that started in [since, until), counted by outcome, in three
 * statements. A call is PAID once its caller is told the payment went
 * through or is being confirmed; what became of the payment since is the
 * payments service's, asked here, so a payment declined after its call
 * ended, or voided, is not counted as paid.
 */
export async function callOutcomeCounts(ctx: TenantContext, since: Date, until: Date): Promise<CallOutcomeCounts> {
  return withTenant(ctx, async (manager) => {
    const byOutcome = await manager.query<{ outcome: CallOutcome; calls: string }[]>(
      `SELECT outcome, count(*)::text AS calls FROM phone_calls WHERE started_at >= $1 AND started_at < $2 GROUP BY outcome`,
      [since, until],
    );
    const abandonedAt = await manager.query<{ step: CallStep; calls: string }[]>(
      `SELECT ended_at_step AS step, count(*)::text AS calls FROM phone_calls
        WHERE started_at >= $1 AND started_at < $2 AND outcome = 'ABANDONED' GROUP BY ended_at_step ORDER BY count(*) DESC, ended_at_step`,
      [since, until],
    );
    const paidCalls = await manager.query<{ paymentId: string; cents: string }[]>(
      `SELECT payment_id AS "paymentId", paid_cents::text AS cents FROM phone_calls WHERE started_at >= $1 AND started_at < $2 AND outcome = 'PAID'`,
      [since, until],
    );
    const statuses = await paymentStatusesById(
      manager,
      paidCalls.map((call) => call.paymentId),
    );
    const kept = paidCalls.filter((call) => {
      const status = statuses.get(call.paymentId);
      return status !== undefined && goesOnTheCall(status);
    });
    const count = (outcome: CallOutcome) => Number(byOutcome.find((row) => row.outcome === outcome)?.calls ?? 0);
    return {
      calls: byOutcome.reduce((sum, row) => sum + Number(row.calls), 0),
      paid: kept.length,
      amountPaid: money(kept.reduce((sum, call) => sum + BigInt(call.cents), 0n)),
      paymentsNotKept: paidCalls.length - kept.length,
      transferred: count('TRANSFERRED'),
      verificationFailed: count('VERIFICATION_FAILED'),
      ended: count('ENDED'),
      abandoned: count('ABANDONED'),
      inProgress: count('IN_PROGRESS'),
      abandonedAt: abandonedAt.map((row) => ({ step: row.step, calls: Number(row.calls) })),
    };
  });
}
