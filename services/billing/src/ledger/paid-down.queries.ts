import type { EntityManager } from 'typeorm';
import { referenceKey } from '../accounts/account-number';
import type { BillingScope } from '../billing-scope';

/**
 * How much each account was paid down by after a moment, in cents, never
 * negative, in the caller's tenant transaction and the order asked, in one
 * statement: payments made to it after `since`, pending or posted, net of
 * what was taken back of them (returned, voided, refunded), and credits
 * staff recorded after it (negative adjustments, such as a bill cancelled).
 * Charges recorded since are not netted against it, and what was paid to a
 * payable created after `since` (a bill imported later, paid by its number)
 * does not count: it paid down nothing owed at that moment. So what an
 * account owed at `since`, less this, is what is left of it, whatever was
 * billed since (what autopay takes of the amount its reminder announced).
 * Only what is dated up to the scope's now counts: money dated later (data
 * made under another clock, as a test's demo data is) did not come since.
 */
export async function paidDownSince(manager: EntityManager, scope: BillingScope, asked: readonly { readonly serviceAccountId: string; readonly since: Date }[]): Promise<bigint[]> {
  if (asked.length === 0) return [];
  const rows = await manager.query<{ cents: string }[]>(
    `SELECT (coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
                        WHERE a.service_account_id = d.account AND a.status = 'PENDING' AND a.made_at > d.since AND a.made_at <= $3 AND ${owedThen('a.payable_id')}), 0)
           - coalesce((SELECT sum(l.amount_cents) FROM ledger_entries l
                         JOIN payment_allocations a ON a.payment_id = l.payment_id AND a.service_account_id = l.service_account_id
                        WHERE l.service_account_id = d.account AND l.kind IN ('PAYMENT_POSTED', 'PAYMENT_REVERSED', 'REFUND')
                          AND a.made_at > d.since AND a.made_at <= $3 AND ${owedThen('l.payable_id')}), 0)
           - coalesce((SELECT sum(l.amount_cents) FROM ledger_entries l
                        WHERE l.service_account_id = d.account AND l.kind = 'ADJUSTMENT' AND l.amount_cents < 0
                          AND l.recorded_at > d.since AND l.recorded_at <= $3 AND ${owedThen('l.payable_id')}), 0))::text AS cents
       FROM unnest($1::uuid[], $2::timestamptz[]) WITH ORDINALITY AS d (account, since, n)
      ORDER BY d.n`,
    [asked.map((a) => a.serviceAccountId), asked.map((a) => a.since), scope.clock.now()],
  );
  return rows.map((row) => (BigInt(row.cents) > 0n ? BigInt(row.cents) : 0n));
}

/**
 * paidDownSince for accounts known by their numbers, as messages name the
 * accounts they are about, in the order asked; 0 for a number the city has no
 * account of. Two statements however many are asked.
 */
export async function accountsPaidDownSince(manager: EntityManager, scope: BillingScope, asked: readonly { readonly accountNumber: string; readonly since: Date }[]): Promise<bigint[]> {
  const keys = asked.map((a) => referenceKey(a.accountNumber));
  const known = keys.filter((key): key is string => key !== null);
  if (known.length === 0) return asked.map(() => 0n);
  const accounts = await manager.query<{ id: string; account_key: string }[]>('SELECT id, account_key FROM service_accounts WHERE account_key = ANY($1::text[])', [known]);
  const idOf = new Map(accounts.map((a) => [a.account_key, a.id]));
  const found = asked.flatMap((a, i) => {
    const id = idOf.get(keys[i] ?? '');
    return id === undefined ? [] : [{ at: i, serviceAccountId: id, since: a.since }];
  });
  const cents = await paidDownSince(manager, scope, found);
  const result = asked.map(() => 0n);
  found.forEach((f, n) => (result[f.at] = cents[n]!));
  return result;
}

/** The account in general, or a payable not created since (within the window). */
const owedThen = (payableId: string) => `(${payableId} IS NULL OR NOT EXISTS (SELECT 1 FROM payables p WHERE p.id = ${payableId} AND p.created_at > d.since AND p.created_at <= $3))`;
