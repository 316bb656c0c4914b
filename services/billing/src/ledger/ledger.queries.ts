import { localDateOf, type IsoDate } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { BillingScope } from '../billing-scope';
import { deriveBalance, type Balance, type LedgerFact, type PendingPayment } from './balance';
import { LedgerEntryEntity } from './ledger-entry.entity';

/** An account's balance as of now in the city's calendar, from its ledger and pending payments, read in the caller's transaction. */
export async function loadBalance(manager: EntityManager, scope: BillingScope, serviceAccountId: string): Promise<Balance> {
  const balances = await loadBalances(manager, scope, [serviceAccountId]);
  return balances.get(serviceAccountId)!;
}

/**
 * An account's balance facts as columns beside a row whose account id is
 * `a.id`: its ledger (JSON array of [kind, cents, effective date, due date,
 * payable id]), its pending payments (JSON array of [cents, payable id]),
 * and its posted e-checks' total still awaiting their bank. So one statement
 * reads balances, alone or beside the accounts themselves
 * (readOwnedAccountsWithBalances).
 */
export const BALANCE_COLUMNS_SQL = `
  (SELECT coalesce(json_agg(json_build_array(e.kind, e.amount_cents::text, e.effective_date::text, e.due_date::text, e.payable_id)), '[]'::json)
     FROM ledger_entries e WHERE e.service_account_id = a.id) AS ledger_facts,
  (SELECT coalesce(json_agg(json_build_array(p.amount_cents::text, p.payable_id)), '[]'::json)
     FROM payment_allocations p WHERE p.service_account_id = a.id AND p.status = 'PENDING') AS pending_payments,
  (SELECT coalesce(sum(p.amount_cents), 0)::text FROM payment_allocations p WHERE p.service_account_id = a.id AND p.awaiting_bank AND p.status = 'POSTED') AS awaiting_bank_cents`;

/** What BALANCE_COLUMNS_SQL reads for one account. */
export interface BalanceColumns {
  readonly ledger_facts: [LedgerFact['kind'], string, string, string | null, string | null][];
  readonly pending_payments: [string, string | null][];
  readonly awaiting_bank_cents: string;
}

/** The balance from BALANCE_COLUMNS_SQL's columns, as of `today` in the city's calendar. */
export function balanceFromColumns(row: BalanceColumns, today: IsoDate): Balance {
  const facts = row.ledger_facts.map(([kind, cents, effectiveDate, dueDate, payableId]): LedgerFact => ({ kind, amountCents: BigInt(cents), effectiveDate, dueDate, payableId }));
  const pending = row.pending_payments.map(([cents, payableId]): PendingPayment => ({ cents: BigInt(cents), payableId }));
  return deriveBalance(facts, pending, today, BigInt(row.awaiting_bank_cents));
}

/** Balances of several accounts in one statement; every id asked for gets one (empty accounts owe nothing). */
export async function loadBalances(manager: EntityManager, scope: BillingScope, serviceAccountIds: readonly string[]): Promise<Map<string, Balance>> {
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  if (serviceAccountIds.length === 0) return new Map();
  const rows = await manager.query<(BalanceColumns & { id: string })[]>(`SELECT a.id, ${BALANCE_COLUMNS_SQL} FROM unnest($1::uuid[]) AS a (id)`, [[...new Set(serviceAccountIds)]]);
  const balances = new Map(rows.map((row) => [row.id, balanceFromColumns(row, today)]));
  return new Map(serviceAccountIds.map((id) => [id, balances.get(id)!]));
}

/**
 * What Norman asks for as a second factor: the amount of the account's
 * latest posted payment that its holder must have made, or "0.00" for an
 * account with none. A payment of a citation or another charge found by its
 * reference number alone does not count: anyone holding that paper may make
 * one, and would then know the answer (pay $1, then link the account with
 * "1.00"). A bill, in such a city, is found only with the proof
 * (lookupPayable), so its payments count. An account paid only in ways that
 * do not count is proved as one never paid, by "0.00": its holder may never
 * have paid a bill (the pay page tells them to enter 0.00), and it is no more
 * exposed than an account nobody has paid, which "0.00" proves to anyone. A
 * payment undone (voided as recorded in error, returned by the bank) never
 * reached the city: it is no answer, and the one before it is.
 */
export type LastPaymentProof = { readonly kind: 'NEVER_PAID' } | { readonly kind: 'PAID'; readonly cents: bigint };

export async function lastPaymentProof(manager: EntityManager, serviceAccountId: string): Promise<LastPaymentProof> {
  const [row] = await manager.query<{ cents: string }[]>(
    `SELECT (-e.amount_cents)::text AS cents FROM ledger_entries e LEFT JOIN payables p ON p.tenant_id = e.tenant_id AND p.id = e.payable_id
      WHERE e.service_account_id = $1 AND e.kind = 'PAYMENT_POSTED' AND (e.payable_id IS NULL OR p.kind = 'UTILITY_BILL')
        AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.service_account_id = $1 AND r.kind = 'PAYMENT_REVERSED' AND r.payment_id = e.payment_id)
      ORDER BY e.effective_date DESC, e.seq DESC LIMIT 1`,
    [serviceAccountId],
  );
  return row ? { kind: 'PAID', cents: BigInt(row.cents) } : { kind: 'NEVER_PAID' };
}

/**
 * The totals of the account's latest bills (what a city may ask for before
 * linking): every utility bill issued on the latest issue date, since a city
 * may issue two the same day (water and a separate trash bill, one file) and
 * the resident holds both as the latest; none when it has no bill.
 */
export async function latestBillTotals(manager: EntityManager, serviceAccountId: string): Promise<bigint[]> {
  const rows = await manager.query<{ cents: string }[]>(
    `SELECT total_cents::text AS cents FROM payables
      WHERE service_account_id = $1 AND kind = 'UTILITY_BILL'
        AND issue_date = (SELECT max(issue_date) FROM payables WHERE service_account_id = $1 AND kind = 'UTILITY_BILL')`,
    [serviceAccountId],
  );
  return rows.map((row) => BigInt(row.cents));
}

/**
 * A page of each account's ledger, newest first: at most `limit` entries
 * recorded before the entry `beforeId` of the same account (null: from the
 * newest), in one statement whatever the number of accounts.
 */
export async function ledgerPages(manager: EntityManager, serviceAccountIds: readonly string[], limit: number, beforeId: string | null): Promise<Map<string, LedgerEntryEntity[]>> {
  const pages = new Map<string, LedgerEntryEntity[]>(serviceAccountIds.map((id) => [id, []]));
  if (serviceAccountIds.length === 0) return pages;
  const entries = await manager
    .getRepository(LedgerEntryEntity)
    .createQueryBuilder('e')
    .where(
      `e.id IN (SELECT id FROM (SELECT le.id, row_number() OVER (PARTITION BY le.service_account_id ORDER BY le.seq DESC) AS n
                                  FROM ledger_entries le
                                 WHERE le.service_account_id IN (:...ids)
                                   AND (CAST(:before AS uuid) IS NULL
                                        OR le.seq < (SELECT b.seq FROM ledger_entries b WHERE b.id = CAST(:before AS uuid) AND b.service_account_id = le.service_account_id))) page
                 WHERE page.n <= :limit)`,
      { ids: [...serviceAccountIds], before: beforeId, limit },
    )
    .orderBy('e.seq', 'DESC')
    .getMany();
  for (const entry of entries) pages.get(entry.serviceAccountId)?.push(entry);
  return pages;
}
