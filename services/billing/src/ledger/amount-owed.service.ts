import { runPreparedTogether, type BoundStatement, type PreparedStatement } from '@platform/db';
import type { EntityManager } from 'typeorm';
import type { AccountStatus } from '../account-status/account-status.state';
import type { BillingScope } from '../billing-scope';
import { loadBalances } from './ledger.queries';

export interface PayableOwed {
  readonly referenceNumber: string;
  /**
   * The total less payments pending or posted for it, plus what was refunded of them or taken back by a card dispute (the
   * entries whose source is the dispute, not the payment: less what a dispute won credited again), plus the fees and
   * corrections naming it (a credit is negative); never negative.
   */
  readonly owedCents: bigint;
}

export interface AmountsOwed {
  readonly payables: ReadonlyMap<string, PayableOwed>;
  /** What each account owes once its pending payments post (the balance's amount due now): those asked for, and every closed paying account. */
  readonly accounts: ReadonlyMap<string, bigint>;
  /** The paying accounts that are closed: a closed account takes its final bill and nothing beyond what it owes, whatever the city's rule on credit. */
  readonly closedAccounts: ReadonlySet<string>;
}

/**
 * What payables and accounts still owe, in the caller's transaction, for a
 * payment that must not pay more. With `lock`, their rows stay locked until
 * the caller commits: payments to the same payable (or account) are then
 * checked one after another, and recordPendingPayment takes the same locks
 * in the same order (payables, then accounts, each by id), so a payment
 * being recorded is counted either as the caller's in-flight payment or as
 * billing's pending one, never as neither. `payingAccountIds`: every account
 * the payment pays, locked now with the others, since recording it will
 * lock them all: one locked later than an account after it in id order
 * would take the locks out of the one order, and deadlock. Of those, the
 * closed ones are answered (read under the lock, with `lock`), with what
 * they owe: a payment of a closed account's bill by its number is held to
 * what the account owes too.
 */
export async function amountsOwed(
  manager: EntityManager,
  scope: BillingScope,
  targets: { readonly payableIds: readonly string[]; readonly serviceAccountIds: readonly string[] },
  options: { readonly lock: boolean; readonly payingAccountIds?: readonly string[] },
): Promise<AmountsOwed> {
  const payableIds = [...new Set(targets.payableIds)].sort();
  const accountIds = [...new Set(targets.serviceAccountIds)].sort();
  const paying = options.payingAccountIds ?? [];
  const statuses = options.lock ? await lockRows(manager, payableIds, [...accountIds, ...paying]) : await accountStatuses(manager, paying);
  const closedAccounts = new Set(paying.filter((id) => statuses.get(id) === 'CLOSED'));
  const rows =
    payableIds.length === 0
      ? []
      : await manager.query<{ id: string; reference_number: string; owed: string }[]>(
          `SELECT p.id, p.reference_number, (p.total_cents
              - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.payable_id = p.id AND a.status IN ('PENDING', 'POSTED')), 0)
              + coalesce((SELECT sum(l.amount_cents) FROM ledger_entries l
                           JOIN payment_allocations a ON a.payment_id = l.payment_id AND a.service_account_id = l.service_account_id AND a.status = 'POSTED'
                          WHERE l.payable_id = p.id AND (l.kind = 'REFUND' OR (l.kind IN ('PAYMENT_REVERSED', 'PAYMENT_POSTED') AND l.source_id <> l.payment_id))), 0)
              + coalesce((SELECT sum(l.amount_cents) FROM ledger_entries l
                          WHERE l.service_account_id = p.service_account_id AND l.payable_id = p.id AND l.kind IN ('FEE', 'ADJUSTMENT')), 0))::text AS owed
             FROM payables p WHERE p.id = ANY($1::uuid[])`,
          [payableIds],
        );
  const payables = new Map(rows.map((row) => [row.id, { referenceNumber: row.reference_number, owedCents: atLeastZero(BigInt(row.owed)) }]));
  const balances = await loadBalances(manager, scope, [...new Set([...accountIds, ...closedAccounts])]);
  return { payables, accounts: new Map([...balances].map(([id, balance]) => [id, balance.amountDueNowCents])), closedAccounts };
}

async function accountStatuses(manager: EntityManager, ids: readonly string[]): Promise<Map<string, AccountStatus>> {
  if (ids.length === 0) return new Map();
  const rows = await manager.query<{ id: string; status: AccountStatus }[]>('SELECT id, status FROM service_accounts WHERE id = ANY($1::uuid[])', [[...new Set(ids)]]);
  return new Map(rows.map((row) => [row.id, row.status]));
}

const LOCK_PAYABLES: PreparedStatement = { name: 'billing.lock-payables', text: 'SELECT id FROM payables WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE' };
const LOCK_ACCOUNTS: PreparedStatement = { name: 'billing.lock-accounts', text: 'SELECT id, status FROM service_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE' };

/**
 * Locks payables, then accounts, each in id order: the one order every writer
 * of payments on them uses. Answers each locked account's status, which the
 * lock holds until the caller commits. `then`: statements that need nothing
 * from the locks' answers (the insert they guard), run after them in the same
 * round trip.
 */
export async function lockRows(manager: EntityManager, payableIds: readonly string[], serviceAccountIds: readonly string[], then: readonly BoundStatement[] = []): Promise<Map<string, AccountStatus>> {
  const locks: BoundStatement[] = [
    ...(payableIds.length > 0 ? [{ statement: LOCK_PAYABLES, values: [[...new Set(payableIds)]] }] : []),
    ...(serviceAccountIds.length > 0 ? [{ statement: LOCK_ACCOUNTS, values: [[...new Set(serviceAccountIds)]] }] : []),
  ];
  if (locks.length + then.length === 0) return new Map();
  const answers = await runPreparedTogether(manager, [...locks, ...then]);
  const accounts = (serviceAccountIds.length > 0 ? answers[locks.length - 1] : []) as { id: string; status: AccountStatus }[];
  return new Map(accounts.map((account) => [account.id, account.status]));
}

export const atLeastZero = (cents: bigint): bigint => (cents > 0n ? cents : 0n);
