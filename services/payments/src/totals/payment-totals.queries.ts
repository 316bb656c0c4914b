import type { TenantContext } from '@platform/api';
import type { IsoDate, RecordedMethodKind } from '@platform/core';
import { withTenant } from '@platform/db';
import type { MoneyMove, MoveSum } from './payment-totals';

/*
 * Each move read from the append-only histories, never from a payment's current status, so that a later refund or
 * return is a move of its own day and leaves the day the money came in as it was. A payment's money came in if it
 * reached AUTHORIZED or CAPTURED, or if reconciliation found its lost request's charge already voided or returned
 * (PENDING or UNKNOWN straight to VOIDED or RETURNED: counted in and out, its net nothing). It came in when the payment
 * was made, the moment the processor was asked, not when that transition was recorded: a charge whose answer was lost
 * is recorded by reconciliation minutes later, maybe after the city's midnight, while the processor's batch (the
 * bank's deposit) has it on the day it was made. Voids and returns take the payment's total back; a refund, its own
 * amount; a dispute, the amount the processor said it took back (when it opened), and a dispute won, that again (when
 * it was decided): the processor's own dates, as its statement has them.
 */
const MOVE_SUMS = `
  WITH period AS (SELECT ($1::date::timestamp AT TIME ZONE $3) AS since, (($2::date + 1)::timestamp AT TIME ZONE $3) AS until),
  moves AS (
    SELECT p.made_at AS occurred_at, p.method_kind, 'RECEIVED' AS move, p.total_cents AS cents, p.fee_cents
      FROM payments p JOIN payment_transitions t ON t.tenant_id = p.tenant_id AND t.payment_id = p.id
     WHERE p.made_at >= (SELECT since FROM period) AND p.made_at < (SELECT until FROM period)
       AND (t.to_status IN ('AUTHORIZED', 'CAPTURED') OR (t.from_status IN ('PENDING', 'UNKNOWN') AND t.to_status IN ('VOIDED', 'RETURNED')))
    UNION ALL
    SELECT t.occurred_at, p.method_kind, t.to_status, p.total_cents, 0
      FROM payment_transitions t JOIN payments p ON p.tenant_id = t.tenant_id AND p.id = t.payment_id
     WHERE t.occurred_at >= (SELECT since FROM period) AND t.occurred_at < (SELECT until FROM period) AND t.to_status IN ('VOIDED', 'RETURNED')
    UNION ALL
    SELECT ot.occurred_at, p.method_kind, 'REFUNDED', o.amount_cents, 0
      FROM payment_operation_transitions ot
      JOIN payment_operations o ON o.tenant_id = ot.tenant_id AND o.id = ot.operation_id
      JOIN payments p ON p.tenant_id = o.tenant_id AND p.id = o.payment_id
     WHERE ot.occurred_at >= (SELECT since FROM period) AND ot.occurred_at < (SELECT until FROM period) AND o.kind = 'REFUND' AND ot.to_status = 'SUCCEEDED'
    UNION ALL
    SELECT d.opened_at, p.method_kind, 'DISPUTED', d.amount_cents, 0
      FROM payment_disputes d JOIN payments p ON p.tenant_id = d.tenant_id AND p.id = d.payment_id
     WHERE d.opened_at >= (SELECT since FROM period) AND d.opened_at < (SELECT until FROM period)
    UNION ALL
    SELECT d.closed_at, p.method_kind, 'DISPUTE_WON', d.amount_cents, 0
      FROM payment_disputes d JOIN payments p ON p.tenant_id = d.tenant_id AND p.id = d.payment_id
     WHERE d.status = 'WON' AND d.closed_at >= (SELECT since FROM period) AND d.closed_at < (SELECT until FROM period)
  )
  SELECT to_char((occurred_at AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS day, method_kind AS "methodKind", move,
         count(*)::int AS count, sum(cents)::text AS cents, sum(fee_cents)::text AS "feeCents"
    FROM moves GROUP BY 1, 2, 3`;

/** The city's money moves from the start of `from` to the end of `to`, both days in its calendar, summed per day, method and move. */
export async function moveSums(ctx: TenantContext, from: IsoDate, to: IsoDate): Promise<MoveSum[]> {
  return withTenant(ctx, async (manager) => {
    const rows = await manager.query<{ day: IsoDate; methodKind: RecordedMethodKind; move: MoneyMove; count: number; cents: string; feeCents: string }[]>(MOVE_SUMS, [from, to, ctx.tenant.timeZone]);
    return rows.map((row) => ({ ...row, cents: BigInt(row.cents), feeCents: BigInt(row.feeCents) }));
  });
}
