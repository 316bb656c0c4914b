import type { TenantContext } from '@platform/api';
import { money, type Money } from '@platform/core';
import { withTenant } from '@platform/db';
import { paymentStandingsById } from '@platform/payments';
import type { CallOutcome } from './call.entity';
import { goesOnTheCall } from './caller-payment-outcome';
import type { CallStep } from './call-state';

/** What the calls that started in a period came to, in the caller's tenant transaction. */
export interface CallOutcomeCounts {
  readonly calls: number;
  /** Calls whose payment went through, or is still being confirmed. */
  readonly paid: number;
  /** What those payments charged, less what partial refunds have given back of them. */
  readonly amountPaid: Money;
  /** Calls that made a payment which did not go through after all (declined once confirmed) or was taken back since. */
  readonly paymentsNotKept: number;
  readonly transferred: number;
  readonly verificationFailed: number;
  readonly ended: number;
  readonly abandoned: number;
  readonly inProgress: number;
  /** Calls turned away because no card could be taken (the processor or its pay connector failing); also counted by how they ended. */
  readonly cardsUnavailable: number;
  /** Abandoned calls by the step they were at, most first. */
  readonly abandonedAt: readonly { readonly step: CallStep; readonly calls: number }[];
}

/**
 * Calls that started in [since, until), counted by outcome: the calls in one
 * statement (one snapshot, so a call that ends meanwhile is counted once),
 * then what became of the PAID calls' payments, which is the payments
 * service's to say. A call is PAID once its caller is told the payment went
 * through or is being confirmed; one whose payment was declined after the
 * call ended, or voided or refunded since, counts as not kept instead; what
 * a partial refund gave back of one kept is left out of what the calls took,
 * as a refund in full leaves out the whole.
 */
export async function callOutcomeCounts(ctx: TenantContext, since: Date, until: Date): Promise<CallOutcomeCounts> {
  return withTenant(ctx, async (manager) => {
    const [calls] = await manager.query<
      [{ byOutcome: Record<string, number>; abandonedAt: { step: CallStep; calls: number }[]; paidCalls: { paymentId: string; cents: string }[]; cardsUnavailable: number }]
    >(
      `WITH calls AS (SELECT outcome, ended_at_step, payment_id, paid_cents, cards_unavailable FROM phone_calls WHERE started_at >= $1 AND started_at < $2)
       SELECT
         (SELECT count(*)::int FROM calls WHERE cards_unavailable) AS "cardsUnavailable",
         (SELECT coalesce(json_object_agg(outcome, n), '{}') FROM (SELECT outcome, count(*) AS n FROM calls GROUP BY outcome) o) AS "byOutcome",
         (SELECT coalesce(json_agg(json_build_object('step', ended_at_step, 'calls', n) ORDER BY n DESC, ended_at_step), '[]')
            FROM (SELECT ended_at_step, count(*) AS n FROM calls WHERE outcome = 'ABANDONED' GROUP BY ended_at_step) a) AS "abandonedAt",
         (SELECT coalesce(json_agg(json_build_object('paymentId', payment_id, 'cents', paid_cents::text)), '[]') FROM calls WHERE outcome = 'PAID') AS "paidCalls"`,
      [since, until],
    );
    const { byOutcome, abandonedAt, paidCalls, cardsUnavailable } = calls;
    const standings = await paymentStandingsById(
      manager,
      paidCalls.map((call) => call.paymentId),
    );
    const kept = paidCalls.flatMap((call) => {
      const standing = standings.get(call.paymentId);
      return standing !== undefined && goesOnTheCall(standing.status) ? [BigInt(call.cents) - standing.refundedCents] : [];
    });
    const count = (outcome: CallOutcome) => byOutcome[outcome] ?? 0;
    return {
      calls: Object.values(byOutcome).reduce((sum, n) => sum + n, 0),
      paid: kept.length,
      amountPaid: money(kept.reduce((sum, cents) => sum + cents, 0n)),
      paymentsNotKept: paidCalls.length - kept.length,
      transferred: count('TRANSFERRED'),
      verificationFailed: count('VERIFICATION_FAILED'),
      ended: count('ENDED'),
      abandoned: count('ABANDONED'),
      inProgress: count('IN_PROGRESS'),
      cardsUnavailable,
      abandonedAt,
    };
  });
}
