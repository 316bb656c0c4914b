import { randomUUID } from 'node:crypto';
import type { TenantContext } from '@platform/api';
import { ok, refused, userError, type FieldPath, type PayableKind, type Result, UserErrorCode } from '@platform/core';
import { recordSecurityEvent } from '@platform/auth';
import { withTenant } from '@platform/db';
import { tenantByIdLoader } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import type { BillingContext, BillingScope } from '../billing-scope';
import { readBillCsv } from './bill-csv';
import type { ImportSource } from './bill-import.entity';
import { rowError, validateBillRows, type BillRow, type RowError, type ValidBill } from './bill-rows';

export interface ImportOptions {
  readonly source: ImportSource;
  /** Who imported: a staff user's id, or "cli". */
  readonly actor: string;
  readonly payableKinds: readonly PayableKind[];
  /** Check everything an import checks and count what it would add, but write nothing. */
  readonly dryRun?: boolean;
  /** Runs in the import's transaction once bills were written (not when all were already imported), e.g. to append to the audit log. */
  readonly onImported?: (manager: EntityManager, outcome: ImportOutcome) => Promise<void>;
}

export interface ImportOutcome {
  /** Null when nothing was imported. */
  readonly importId: string | null;
  readonly received: number;
  /** Bills added; after a dry run, bills an import would add now (nothing was written). */
  readonly imported: number;
  /** Rows whose bill was imported before, identically: a retried import is not an error. */
  readonly alreadyImported: number;
  /** The first MAX_REPORTED_ERRORS problems, by line. */
  readonly errors: readonly RowError[];
  readonly errorCount: number;
}

const MAX_REPORTED_ERRORS = 1000;
const CHUNK = 5000;

/** The most rows one GraphQL import takes; larger files go through the CLI (`pnpm cli billing:import`). */
const MAX_ROWS_PER_REQUEST = 10_000;

/**
 * Staff import CSV text through the API (importBillsCsv). A file that cannot
 * be read as bills is refused as a whole, at ["input", "csv"], saying which
 * line; otherwise as importBillRows.
 */
export async function importBillsCsv(ctx: TenantContext, csv: string, actor: string, dryRun = false): Promise<Result<ImportOutcome>> {
  const at = ['input', 'csv'];
  const read = readBillCsv(csv);
  if (!read.ok) return refused(userError(ctx.locale, at, UserErrorCode.MALFORMED_CSV, 'billing.malformedCsv', { line: read.line, detail: read.detail }));
  return importBillRows(ctx, read.rows, { source: 'CSV', actor, at, dryRun });
}

/**
 * Staff import bills through the API, under the city's payable kinds. More
 * rows than one request takes are refused as a whole, at `at` (the argument
 * holding them); problems with rows are the outcome's row errors.
 */
export async function importBillRows(
  ctx: TenantContext,
  rows: readonly BillRow[],
  request: { readonly source: 'API' | 'CSV'; readonly actor: string; readonly at: FieldPath; readonly dryRun?: boolean },
): Promise<Result<ImportOutcome>> {
  if (rows.length > MAX_ROWS_PER_REQUEST) return refused(userError(ctx.locale, request.at, UserErrorCode.TOO_MANY_ROWS, 'billing.tooManyRows', { max: MAX_ROWS_PER_REQUEST }));
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  return ok(
    await importBills(ctx, rows, {
      source: request.source,
      actor: request.actor,
      payableKinds: tenant.settings.paymentRules.payableKinds,
      dryRun: request.dryRun ?? false,
      // Staff changed what residents owe: the city's ADMIN sees it in the audit log (counts only, never an account number).
      onImported: (manager, outcome) =>
        recordSecurityEvent(manager, ctx, { kind: 'BILLS_IMPORTED', detail: { source: request.source, imported: String(outcome.imported), alreadyImported: String(outcome.alreadyImported) } }),
    }),
  );
}

/**
 * Imports a batch of bills from the city's billing system, all or nothing:
 * any bad row (format, unknown account, a bill number reused for a different
 * bill) imports none and reports every problem with its line. A bill number
 * imported before with the same content counts as already imported, so
 * sending a batch twice is safe. A dry run makes the same checks against
 * the same rows in the database and reports the same counts, writing nothing
 * (so a person can see "N bills ready" before confirming).
 */
export async function importBills(scope: BillingContext, rows: readonly BillRow[], options: ImportOptions): Promise<ImportOutcome> {
  try {
    return await importOnce(scope, rows, options);
  } catch (error) {
    // A concurrent import of the same bills won the race: look again, they now count as already imported.
    if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'payables_reference') {
      return importOnce(scope, rows, options);
    }
    throw error;
  }
}

async function importOnce(scope: BillingContext, rows: readonly BillRow[], options: ImportOptions): Promise<ImportOutcome> {
  const { bills, errors } = validateBillRows(rows, { payableKinds: options.payableKinds, locale: scope.locale });
  return withTenant(scope, async (manager) => {
    const accountIds = await accountIdsByKey(manager, [...new Set(bills.map((bill) => bill.accountKey))]);
    const existing = await existingPayables(manager, bills);
    const fresh: (ValidBill & { accountId: string })[] = [];
    let alreadyImported = 0;
    for (const bill of bills) {
      const accountId = accountIds.get(bill.accountKey);
      if (!accountId) {
        errors.push(rowError(scope.locale, bill.line, 'account_number', UserErrorCode.ACCOUNT_NOT_FOUND, 'billing.unknownAccount'));
        continue;
      }
      const earlier = existing.get(`${bill.kind}:${bill.referenceKey}`);
      if (!earlier) fresh.push({ ...bill, accountId });
      else if (earlier === fingerprint(bill, accountId)) alreadyImported++;
      else errors.push(rowError(scope.locale, bill.line, 'bill_number', UserErrorCode.BILL_NUMBER_CONFLICT, 'billing.billNumberConflict'));
    }

    if (errors.length > 0) {
      errors.sort((a, b) => a.line - b.line);
      return { importId: null, received: rows.length, imported: 0, alreadyImported: 0, errors: errors.slice(0, MAX_REPORTED_ERRORS), errorCount: errors.length };
    }
    if (options.dryRun) return { importId: null, received: rows.length, imported: fresh.length, alreadyImported, errors: [], errorCount: 0 };
    const importId = fresh.length > 0 ? randomUUID() : null;
    if (importId) {
      const now = scope.clock.now();
      await manager.query(
        `INSERT INTO bill_imports (tenant_id, id, source, rows_received, rows_imported, rows_already_imported, actor, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [scope.tenant.id, importId, options.source, rows.length, fresh.length, alreadyImported, options.actor, now],
      );
      for (let start = 0; start < fresh.length; start += CHUNK) {
        await insertBills(manager, scope, importId, fresh.slice(start, start + CHUNK), options.actor, now);
      }
    }
    const outcome: ImportOutcome = { importId, received: rows.length, imported: fresh.length, alreadyImported, errors: [], errorCount: 0 };
    if (importId) await options.onImported?.(manager, outcome);
    return outcome;
  });
}

async function accountIdsByKey(manager: EntityManager, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await manager.query<{ account_key: string; id: string }[]>('SELECT account_key, id FROM service_accounts WHERE account_key = ANY($1::text[])', [keys]);
  return new Map(rows.map((row) => [row.account_key, row.id]));
}

/** Bills already in the database with the batch's numbers, as "kind:key" -> fingerprint. */
async function existingPayables(manager: EntityManager, bills: readonly ValidBill[]): Promise<Map<string, string>> {
  if (bills.length === 0) return new Map();
  const rows = await manager.query<{ kind: string; reference_key: string; fingerprint: string }[]>(
    `SELECT kind, reference_key,
            concat_ws('|', service_account_id, issue_date, due_date, total_cents) AS fingerprint
       FROM payables WHERE reference_key = ANY($1::text[])`,
    [[...new Set(bills.map((bill) => bill.referenceKey))]],
  );
  return new Map(rows.map((row) => [`${row.kind}:${row.reference_key}`, row.fingerprint]));
}

/** What makes a re-sent bill "the same bill": its account, dates and total. */
const fingerprint = (bill: ValidBill, accountId: string) => [accountId, bill.issueDate, bill.dueDate, bill.totalCents.toString()].join('|');

/** One round trip per table for a chunk of bills (unnest over arrays), in the import's transaction. */
async function insertBills(manager: EntityManager, scope: BillingScope, importId: string, bills: readonly (ValidBill & { accountId: string })[], actor: string, now: Date): Promise<void> {
  const ids = bills.map(() => randomUUID());
  await manager.query(
    `INSERT INTO payables (tenant_id, id, service_account_id, kind, reference_number, reference_key, description,
                           period_start, period_end, issue_date, due_date, total_cents, import_id, created_at)
     SELECT $1, u.id, u.account_id, u.kind, u.reference_number, u.reference_key, u.description,
            u.period_start, u.period_end, u.issue_date, u.due_date, u.total_cents, $2, $3
       FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::date[], $11::date[], $12::date[], $13::date[], $14::bigint[])
         AS u (id, account_id, kind, reference_number, reference_key, description, period_start, period_end, issue_date, due_date, total_cents)`,
    [
      scope.tenant.id,
      importId,
      now,
      ids,
      bills.map((b) => b.accountId),
      bills.map((b) => b.kind),
      bills.map((b) => b.referenceNumber),
      bills.map((b) => b.referenceKey),
      bills.map((b) => b.description),
      bills.map((b) => b.periodStart),
      bills.map((b) => b.periodEnd),
      bills.map((b) => b.issueDate),
      bills.map((b) => b.dueDate),
      bills.map((b) => b.totalCents.toString()),
    ],
  );
  const lines = bills.flatMap((bill, index) => bill.lines.map((line, lineNo) => ({ payableId: ids[index]!, lineNo: lineNo + 1, ...line })));
  await manager.query(
    `INSERT INTO payable_lines (tenant_id, payable_id, line_no, category, description, amount_cents)
     SELECT $1, u.payable_id, u.line_no, u.category, u.description, u.amount_cents
       FROM unnest($2::uuid[], $3::smallint[], $4::text[], $5::text[], $6::bigint[]) AS u (payable_id, line_no, category, description, amount_cents)`,
    [scope.tenant.id, lines.map((l) => l.payableId), lines.map((l) => l.lineNo), lines.map((l) => l.category), lines.map((l) => l.description), lines.map((l) => l.amountCents.toString())],
  );
  await manager.query(
    `INSERT INTO ledger_entries (tenant_id, id, service_account_id, kind, amount_cents, effective_date, due_date, payable_id, source_id, recorded_at, recorded_by)
     SELECT $1, gen_random_uuid(), u.account_id, 'BILL_ISSUED', u.total_cents, u.issue_date, u.due_date, u.payable_id, u.payable_id, $2, $3
       FROM unnest($4::uuid[], $5::uuid[], $6::bigint[], $7::date[], $8::date[]) AS u (payable_id, account_id, total_cents, issue_date, due_date)`,
    [scope.tenant.id, now, actor, ids, bills.map((b) => b.accountId), bills.map((b) => b.totalCents.toString()), bills.map((b) => b.issueDate), bills.map((b) => b.dueDate)],
  );
}
