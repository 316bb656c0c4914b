import { localDateOf, type IsoDate } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { BillingScope } from '../billing-scope';

/** A new utility bill the residents holding its account are to hear of, in cents. */
export interface BillToTell {
  readonly serviceAccountId: string;
  readonly accountNumber: string;
  readonly billNumber: string;
  readonly totalCents: bigint;
  readonly dueDate: IsoDate;
  readonly periodStart: IsoDate | null;
  readonly periodEnd: IsoDate | null;
}

/** An import not yet told of, and those of its bills worth telling. */
export interface ImportToTell {
  readonly importId: string;
  readonly bills: readonly BillToTell[];
}

/**
 * The city's oldest import whose bills nobody was told of yet, marked told as of now in the caller's transaction,
 * which queues the notices: so an import is told of once (two workers take two imports: FOR UPDATE SKIP LOCKED; one
 * that took an import another has just told finds its mark there and takes the next). With its utility bills still to
 * pay by their date: a bill due before today (the city's) is history an import carried (a city loading its past
 * months), not news; citations and other charges reach their payer on paper. Null when every import was told of.
 */
export async function nextImportToTell(manager: EntityManager, scope: BillingScope): Promise<ImportToTell | null> {
  let next: { id: string } | undefined;
  do {
    [next] = await manager.query<{ id: string }[]>(
      `SELECT i.id FROM bill_imports i WHERE NOT EXISTS (SELECT 1 FROM bill_imports_told t WHERE t.import_id = i.id)
        ORDER BY i.created_at, i.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED`,
    );
    if (!next) return null;
  } while (!(await markedTold(manager, scope, next.id)));
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  const rows = await manager.query<
    { service_account_id: string; account_number: string; reference_number: string; total_cents: string; due_date: IsoDate; period_start: IsoDate | null; period_end: IsoDate | null }[]
  >(
    `SELECT p.service_account_id, a.account_number, p.reference_number, p.total_cents::text, p.due_date::text, p.period_start::text, p.period_end::text
       FROM payables p JOIN service_accounts a ON a.id = p.service_account_id
      WHERE p.import_id = $1 AND p.kind = 'UTILITY_BILL' AND p.due_date >= $2
      ORDER BY p.id`,
    [next.id, today],
  );
  return {
    importId: next.id,
    bills: rows.map((row) => ({
      serviceAccountId: row.service_account_id,
      accountNumber: row.account_number,
      billNumber: row.reference_number,
      totalCents: BigInt(row.total_cents),
      dueDate: row.due_date,
      periodStart: row.period_start,
      periodEnd: row.period_end,
    })),
  };
}

/** Whether this transaction marked the import told: not when another worker's mark committed first. */
async function markedTold(manager: EntityManager, scope: BillingScope, importId: string): Promise<boolean> {
  const marked = await manager.query<unknown[]>('INSERT INTO bill_imports_told (tenant_id, import_id, told_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1', [
    scope.tenant.id,
    importId,
    scope.clock.now(),
  ]);
  return marked.length > 0;
}
