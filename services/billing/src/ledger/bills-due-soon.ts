import { addDays, localDateOf, type IsoDate } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { BillingScope } from '../billing-scope';
import { loadBalances } from './ledger.queries';

/** How many days before its due date a bill is reminded of. */
const DUE_REMINDER_DAYS = 3;

/** A bill coming due whose account still owes, and what the account owes once its pending payments post, in cents. */
export interface BillDueSoon {
  readonly serviceAccountId: string;
  readonly accountNumber: string;
  readonly billNumber: string;
  readonly dueDate: IsoDate;
  readonly amountDueNowCents: bigint;
}

/**
 * Up to `most` of the city's utility bills due in the next DUE_REMINDER_DAYS days (the city's calendar) not reminded
 * of yet, marked reminded in the caller's transaction, which queues the reminders: so a bill is reminded of once
 * (a second worker's mark wins or loses on the table's key; only the bills this call marked are answered). A bill
 * imported in the last day is left for the next pass (its holders are just being told of it, in the same words), and
 * an account that owes nothing now, its pending payments counted as paid, is marked but not answered: it has paid.
 * `marked` is how many this call marked: fewer than `most` once none is left.
 */
export async function billsDueSoon(manager: EntityManager, scope: BillingScope, most: number): Promise<{ readonly marked: number; readonly owing: readonly BillDueSoon[] }> {
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  const rows = await manager.query<{ service_account_id: string; account_number: string; reference_number: string; due_date: IsoDate }[]>(
    `WITH due AS (
       SELECT p.id FROM payables p
        WHERE p.kind = 'UTILITY_BILL' AND p.due_date > $1 AND p.due_date <= $2 AND p.created_at <= $3
          AND NOT EXISTS (SELECT 1 FROM bill_due_reminders r WHERE r.payable_id = p.id)
        ORDER BY p.due_date, p.id LIMIT $4),
     marked AS (
       INSERT INTO bill_due_reminders (tenant_id, payable_id, reminded_at) SELECT $5, id, $6 FROM due
       ON CONFLICT DO NOTHING RETURNING payable_id)
     SELECT p.service_account_id, a.account_number, p.reference_number, p.due_date::text
       FROM marked m JOIN payables p ON p.id = m.payable_id JOIN service_accounts a ON a.id = p.service_account_id
      ORDER BY p.due_date, p.id`,
    [today, addDays(today, DUE_REMINDER_DAYS), new Date(scope.clock.now().getTime() - 24 * 3600_000), most, scope.tenant.id, scope.clock.now()],
  );
  const balances = await loadBalances(manager, scope, [...new Set(rows.map((row) => row.service_account_id))]);
  const owing = rows.flatMap((row) => {
    const amountDueNowCents = balances.get(row.service_account_id)?.amountDueNowCents ?? 0n;
    if (amountDueNowCents <= 0n) return [];
    return [
      {
        serviceAccountId: row.service_account_id,
        accountNumber: row.account_number,
        billNumber: row.reference_number,
        dueDate: row.due_date,
        amountDueNowCents,
      },
    ];
  });
  return { marked: rows.length, owing };
}
