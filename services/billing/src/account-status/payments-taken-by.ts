import type { EntityManager } from 'typeorm';

/**
 * Whether `actor` put money on the account's balance by hand (a payment
 * posted at the counter: online payments post as the platform; or a credit
 * adjustment) that the restoration relies on. Payments pay the oldest
 * charges first, as the balance takes them, so the charges already paid in
 * full when the account last fell past due were paid by the first money
 * recorded, whoever recorded it; a credit recorded beyond that much (in
 * recording order) went to the debt that got the account disconnected. So
 * this counts "cash" recorded since the account fell past due, and also
 * "cash" recorded earlier that cut the same debt without clearing it (taken
 * at 9:59, the hourly sweep flagging the rest at 10:00), or a credit balance
 * the later bills drew on; not cash that paid an earlier bill off. From the
 * move into DISCONNECT_ELIGIBLE, not the disconnection: "cash" recorded while
 * it was only eligible pays for the restoration as surely, and a payment
 * given back (voided, returned) moves it to DISCONNECTED again without it
 * falling past due anew. A payment reversed on the account (voided as rung
 * up in error, returned) moved no money, so it does not count; one only
 * refunded, in part or in full, still does: the rule errs towards refusing.
 */
export async function paymentsTakenBy(manager: EntityManager, serviceAccountId: string, actor: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>(
    `WITH fell AS (
       SELECT coalesce(max(occurred_at), '-infinity') AS at FROM account_status_changes WHERE service_account_id = $1 AND reason = 'PAST_DUE'),
     entries AS (
       SELECT l.*, (l.kind IN ('BILL_ISSUED', 'FEE', 'ADJUSTMENT') AND l.amount_cents > 0) AS is_charge FROM ledger_entries l WHERE l.service_account_id = $1),
     paid_then AS (
       SELECT coalesce(sum(-e.amount_cents), 0) AS cents FROM entries e, fell WHERE NOT e.is_charge AND e.recorded_at <= fell.at),
     charges_then AS (
       SELECT e.amount_cents, sum(e.amount_cents) OVER (ORDER BY coalesce(e.due_date, e.effective_date), e.seq) AS through
         FROM entries e, fell WHERE e.is_charge AND e.recorded_at <= fell.at),
     settled AS (
       SELECT coalesce(min(c.through - c.amount_cents), 0) AS cents FROM charges_then c, paid_then p WHERE c.through > p.cents),
     credits AS (
       SELECT e.kind, e.amount_cents, e.payment_id, e.recorded_by, e.recorded_at, sum(CASE WHEN e.is_charge THEN 0 ELSE -e.amount_cents END) OVER (ORDER BY e.seq) AS paid_through FROM entries e)
     SELECT 1 FROM credits c, settled s, fell f
      WHERE c.recorded_by = $2 AND (c.kind = 'PAYMENT_POSTED' OR (c.kind = 'ADJUSTMENT' AND c.amount_cents < 0))
        AND (c.paid_through > s.cents OR c.recorded_at >= f.at)
        AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.kind = 'PAYMENT_REVERSED' AND r.payment_id = c.payment_id)
      LIMIT 1`,
    [serviceAccountId, actor],
  );
  return rows.length > 0;
}
