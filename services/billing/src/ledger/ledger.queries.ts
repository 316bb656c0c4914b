import { localDateOf } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { BillingScope } from '../billing-scope';
import { deriveBalance, type Balance, type LedgerFact } from './balance';
import { LedgerEntryEntity } from './ledger-entry.entity';

/** An account's balance as of now in the city's calendar, from its ledger and pending payments, read in the caller's transaction. */
export async function loadBalance(manager: EntityManager, scope: BillingScope, serviceAccountId: string): Promise<Balance> {
  const balances = await loadBalances(manager, scope, [serviceAccountId]);
  return balances.get(serviceAccountId)!;
}

/** Balances of several accounts in two queries; every id asked for gets one (empty accounts owe nothing). */
export async function loadBalances(manager: EntityManager, scope: BillingScope, serviceAccountIds: readonly string[]): Promise<Map<string, Balance>> {
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  const facts = new Map<string, LedgerFact[]>(serviceAccountIds.map((id) => [id, []]));
  const pending = new Map<string, bigint>();
  if (serviceAccountIds.length > 0) {
    const rows = await manager.query<{ service_account_id: string; kind: LedgerFact['kind']; amount_cents: string; effective_date: string; due_date: string | null }[]>(
      `SELECT service_account_id, kind, amount_cents, effective_date::text, due_date::text
         FROM ledger_entries WHERE service_account_id = ANY($1::uuid[])`,
      [serviceAccountIds],
    );
    for (const row of rows) {
      facts.get(row.service_account_id)?.push({ kind: row.kind, amountCents: BigInt(row.amount_cents), effectiveDate: row.effective_date, dueDate: row.due_date });
    }
    const pendingRows = await manager.query<{ service_account_id: string; cents: string }[]>(
      `SELECT service_account_id, sum(amount_cents)::text AS cents FROM payment_allocations
        WHERE service_account_id = ANY($1::uuid[]) AND status = 'PENDING' GROUP BY service_account_id`,
      [serviceAccountIds],
    );
    for (const row of pendingRows) pending.set(row.service_account_id, BigInt(row.cents));
  }
  return new Map([...facts].map(([id, accountFacts]) => [id, deriveBalance(accountFacts, pending.get(id) ?? 0n, today)]));
}

/** The amount of the account's latest posted payment (what Norman asks for as a second factor), or null if it has none. */
export async function lastPostedPaymentCents(manager: EntityManager, serviceAccountId: string): Promise<bigint | null> {
  const [row] = await manager.query<{ cents: string }[]>(
    `SELECT (-amount_cents)::text AS cents FROM ledger_entries
      WHERE service_account_id = $1 AND kind = 'PAYMENT_POSTED' ORDER BY effective_date DESC, seq DESC LIMIT 1`,
    [serviceAccountId],
  );
  return row ? BigInt(row.cents) : null;
}

/** The total of the account's latest bill (what a city may ask for before linking), or null if it has none. */
export async function latestBillCents(manager: EntityManager, serviceAccountId: string): Promise<bigint | null> {
  const [row] = await manager.query<{ cents: string }[]>(
    `SELECT total_cents::text AS cents FROM payables
      WHERE service_account_id = $1 AND kind = 'UTILITY_BILL' ORDER BY issue_date DESC, created_at DESC LIMIT 1`,
    [serviceAccountId],
  );
  return row ? BigInt(row.cents) : null;
}

/**
 * A page of each account's ledger, newest first: at most `limit` entries
 * recorded before `beforeSeq` (null: from the newest), in one statement
 * whatever the number of accounts.
 */
export async function ledgerPages(manager: EntityManager, serviceAccountIds: readonly string[], limit: number, beforeSeq: bigint | null): Promise<Map<string, LedgerEntryEntity[]>> {
  const pages = new Map<string, LedgerEntryEntity[]>(serviceAccountIds.map((id) => [id, []]));
  if (serviceAccountIds.length === 0) return pages;
  const entries = await manager
    .getRepository(LedgerEntryEntity)
    .createQueryBuilder('e')
    .where(
      `e.id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY service_account_id ORDER BY seq DESC) AS n
                                  FROM ledger_entries
                                 WHERE service_account_id IN (:...ids) AND (CAST(:before AS bigint) IS NULL OR seq < CAST(:before AS bigint))) page
                 WHERE page.n <= :limit)`,
      { ids: [...serviceAccountIds], before: beforeSeq?.toString() ?? null, limit },
    )
    .orderBy('e.seq', 'DESC')
    .getMany();
  for (const entry of entries) pages.get(entry.serviceAccountId)?.push(entry);
  return pages;
}
