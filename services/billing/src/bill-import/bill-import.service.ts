import { randomUUID } from 'node:crypto';
import { refuseUnlessStillSignedIn, type RequestContext, type TenantContext } from '@platform/api';
import { localDateOf, ok, refused, userError, type FieldPath, type PayableKind, type Result, UserErrorCode } from '@platform/core';
import { recordSecurityEvent, type SecurityContext } from '@platform/auth';
import { copyRowsInto, withTenant, type CopyCell } from '@platform/db';
import { tenantByIdLoader } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import type { BillingContext } from '../billing-scope';
import { reviewRestorations } from '../ledger/payment-ledger.service';
import { billCsvProblemText, readBillCsv } from './bill-csv';
import { billsContentHash } from './content-hash';
import type { ImportSource } from './bill-import.entity';
import { timeOrderedUuids } from './time-ordered-ids';
import { rowError, validBills, type BillRow, type RefusedRows, type RowError, type ValidBill } from './bill-rows';

export interface ImportOptions {
  readonly source: ImportSource;
  /** Who imported: a staff user's id, or "cli". */
  readonly actor: string;
  readonly payableKinds: readonly PayableKind[];
  /** Check everything an import checks and count what it would add, but write nothing. */
  readonly dryRun?: boolean;
  /** Report every row error, not only the first MAX_REPORTED_ERRORS (which is what a GraphQL payload shows). */
  readonly everyError?: boolean;
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
  /** The problems, by line: the first MAX_REPORTED_ERRORS, or every one when the import asked for them all (everyError). */
  readonly errors: readonly RowError[];
  readonly errorCount: number;
}

const MAX_REPORTED_ERRORS = 1000;

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
  if (!read.ok) return refused(userError(ctx.locale, at, UserErrorCode.MALFORMED_CSV, 'billing.malformedCsv', { line: read.line, detail: billCsvProblemText(ctx.locale, read.problem) }));
  return importBillRows(ctx, read.rows, { source: 'CSV', actor, at, dryRun });
}

/**
 * Staff import bills through the API, under the city's payable kinds. More
 * rows than one request takes are refused as a whole, at `at` (the argument
 * holding them); otherwise as importBillBatch.
 */
export async function importBillRows(
  ctx: TenantContext,
  rows: readonly BillRow[],
  request: { readonly source: 'API' | 'CSV'; readonly actor: string; readonly at: FieldPath; readonly dryRun?: boolean },
): Promise<Result<ImportOutcome>> {
  if (rows.length > MAX_ROWS_PER_REQUEST) return refused(userError(ctx.locale, request.at, UserErrorCode.TOO_MANY_ROWS, 'billing.tooManyRows', { max: MAX_ROWS_PER_REQUEST }));
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  return importBillBatch(ctx, rows, { ...request, payableKinds: tenant.settings.paymentRules.payableKinds });
}

/** A batch someone sends from the city's billing system: staff through the API, an operator with `pnpm cli billing:import`. */
export interface BatchRequest {
  readonly source: 'API' | 'CSV' | 'CLI';
  /** Who sends it: a staff user's id, the platform operator, or "cli". */
  readonly actor: string;
  /** Where a refusal of the batch as a whole is reported: the argument holding the bills, or the CLI's option. */
  readonly at: FieldPath;
  readonly payableKinds: readonly PayableKind[];
  readonly dryRun?: boolean;
  /** As ImportOptions.everyError: the CLI prints every row error, the API answers with the first 1,000. */
  readonly everyError?: boolean;
}

/**
 * The rules of a batch someone sends, in one place so that the API and the
 * CLI cannot answer the same export differently: a batch with no bills (an
 * export that came out empty, a header alone) is refused as a whole, REQUIRED
 * at `at`, never answered "all 0 bills imported"; otherwise as importBills,
 * and an import that adds bills is recorded in the city's audit log, as
 * someone changed what residents owe (counts only, never an account number).
 */
export async function importBillBatch(ctx: BillingContext & SecurityContext & Pick<RequestContext, 'viewer'>, rows: readonly BillRow[], request: BatchRequest): Promise<Result<ImportOutcome>> {
  if (rows.length === 0) return refused(userError(ctx.locale, request.at, UserErrorCode.REQUIRED, request.source === 'API' ? 'billing.noBillsInList' : 'billing.noBillsInFile'));
  return ok(
    await importBills(ctx, rows, {
      source: request.source,
      actor: request.actor,
      payableKinds: request.payableKinds,
      dryRun: request.dryRun ?? false,
      everyError: request.everyError ?? false,
      onImported: async (manager, outcome) => {
        // Bills imported are owed by residents: not by a staff member removed while the import ran (the CLI has no viewer).
        await refuseUnlessStillSignedIn(manager, ctx);
        await recordSecurityEvent(manager, ctx, {
          kind: 'BILLS_IMPORTED',
          actor: request.actor,
          detail: { source: request.source, imported: String(outcome.imported), alreadyImported: String(outcome.alreadyImported) },
        });
      },
    }),
  );
}

/**
 * Imports a batch of bills from the city's billing system, all or nothing:
 * any bad row (format, unknown account, a bill number reused for a different
 * bill) imports none and reports every problem with its line. A bill number
 * imported before with the same content counts as already imported, so
 * sending a batch twice is safe; a batch that was imported before, whole and
 * unchanged, is recognised by its content hash before any row is checked
 * (the answer is the same: every row already imported). A dry run makes the same checks against
 * the same rows in the database and reports the same counts, writing nothing
 * (so a person can see "N bills ready" before confirming).
 */
export async function importBills(scope: BillingContext, rows: readonly BillRow[], options: ImportOptions): Promise<ImportOutcome> {
  const contentHash = billsContentHash(rows, options.payableKinds);
  // The same batch imported before: every row of it was valid and is a bill now, unchanged (bills are never altered).
  const earlier = await withTenant(scope, (manager) => manager.query<unknown[]>('SELECT 1 FROM bill_imports WHERE content_hash = $1 LIMIT 1', [contentHash]));
  if (earlier.length > 0) return { importId: null, received: rows.length, imported: 0, alreadyImported: rows.length, errors: [], errorCount: 0 };
  try {
    return await importOnce(scope, rows, options, contentHash);
  } catch (error) {
    // A concurrent import of the same bills won the race: look again, they now count as already imported.
    if (error instanceof ConcurrentImport || (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'payables_reference')) {
      return importOnce(scope, rows, options, contentHash);
    }
    throw error;
  }
}

/**
 * Thrown (to roll the import back and look again) when a concurrent import
 * added some of the same bills after this one classified them, or a
 * restoration request opened on an account it bills as it inserted them.
 */
class ConcurrentImport extends Error {}

/** How the staging step classed a bill against the city's accounts and earlier bills. */
type Staged = 'NEW' | 'SAME' | 'UNKNOWN_ACCOUNT' | 'CLOSED_BEFORE_SERVICE' | 'CONFLICT';

/**
 * The database half of an import, set-based: the batch's valid bills are
 * streamed with COPY into a staging table private to this transaction
 * (a temporary table, dropped at commit: it never holds another city's rows
 * or outlives the import, so it needs no row-level security of its own), then
 * a handful of statements join it against service_accounts and payables
 * (both under the city's row-level security) and insert every new bill with
 * INSERT ... SELECT. The statement count does not grow with the batch.
 */
async function importOnce(scope: BillingContext, rows: readonly BillRow[], options: ImportOptions, contentHash: string): Promise<ImportOutcome> {
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  const refusedRows: RefusedRows = { errors: [], accounts: [] };
  const { errors } = refusedRows;
  const bills = validBills(rows, { payableKinds: options.payableKinds, locale: scope.locale, today }, refusedRows);
  return withTenant(scope, async (manager) => {
    // Checked as they are staged: refusedRows is whole from here on.
    await stageBills(manager, bills, rows.length);
    const { problems, fresh, alreadyImported } = await classifyStagedBills(manager);
    for (const problem of problems) {
      if (problem.state === 'UNKNOWN_ACCOUNT') errors.push(rowError(scope.locale, problem.line, 'account_number', UserErrorCode.ACCOUNT_NOT_FOUND, 'billing.unknownAccount'));
      else if (problem.state === 'CLOSED_BEFORE_SERVICE') {
        errors.push(rowError(scope.locale, problem.line, 'account_number', UserErrorCode.ACCOUNT_CLOSED, 'billing.billAfterClose', { closedOn: problem.closedOn ?? '' }));
      } else errors.push(rowError(scope.locale, problem.line, 'bill_number', UserErrorCode.BILL_NUMBER_CONFLICT, 'billing.billNumberConflict'));
    }
    for (const line of await linesOfUnknownAccounts(manager, refusedRows.accounts)) {
      errors.push(rowError(scope.locale, line, 'account_number', UserErrorCode.ACCOUNT_NOT_FOUND, 'billing.unknownAccount'));
    }

    if (errors.length > 0) {
      errors.sort((a, b) => a.line - b.line);
      return { importId: null, received: rows.length, imported: 0, alreadyImported: 0, errors: options.everyError ? errors : errors.slice(0, MAX_REPORTED_ERRORS), errorCount: errors.length };
    }
    if (options.dryRun) return { importId: null, received: rows.length, imported: fresh, alreadyImported, errors: [], errorCount: 0 };
    const importId = fresh > 0 ? randomUUID() : null;
    if (importId) {
      const now = scope.clock.now();
      await manager.query(
        `INSERT INTO bill_imports (tenant_id, id, source, rows_received, rows_imported, rows_already_imported, actor, created_at, content_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [scope.tenant.id, importId, options.source, rows.length, fresh, alreadyImported, options.actor, now, contentHash],
      );
      const restorations = await lockRestorationsBilled(manager);
      // Fewer than classified: another import of these bills committed since; roll back and look again, they now count as already imported.
      if ((await insertStagedBills(manager, importId, options.actor, now)) !== fresh) throw new ConcurrentImport();
      // A payment opening a request on one of these accounts committed while the insert waited for it: look again, locking first.
      if (restorations.length === 0 && (await restorationAwaitedAmongStaged(manager))) throw new ConcurrentImport();
      // A bill already due, imported while a restoration request waits, leaves the account owing again: the request
      // is withdrawn as a fee's would be, rather than left open for staff to be refused its approval.
      await reviewRestorations(manager, scope, restorations);
    }
    const outcome: ImportOutcome = { importId, received: rows.length, imported: fresh, alreadyImported, errors: [], errorCount: 0 };
    if (importId) await options.onImported?.(manager, outcome);
    return outcome;
  });
}

/**
 * Copies the valid bills, with their lines, into this transaction's staging
 * table, each with the ids of the payable and ledger entry it would become.
 * `bills` may be checked as they are read; there are at most `most` of them.
 */
async function stageBills(manager: EntityManager, bills: Iterable<ValidBill>, most: number): Promise<void> {
  // Sorts and the insert's CTE stay in memory (the default 4 MB spills a 100,000-bill import to disk); for this transaction only.
  await manager.query(`SELECT set_config('work_mem', '64MB', true)`);
  // The staging table, private to this transaction and dropped at its end. The database makes it as the owner of the
  // tables the bills go to, whose function billing_insert_staged_bills reads only tables of its own (see its migration).
  await manager.query('SELECT billing_open_import_staging()');
  // Ordered by time, in file order: inserted in about that order, a batch's payables and ledger entries fill their
  // indexes' last pages instead of touching a random page of each index per row.
  const payableIds = timeOrderedUuids(most);
  const entryIds = timeOrderedUuids(most);
  await copyRowsInto(manager, 'bill_import_staging', STAGING_COLUMNS, stagingRows(bills, payableIds, entryIds));
  // Temporary tables get no statistics from autovacuum: without them the classifying join is planned blind. Only the
  // columns it joins on: the lines' arrays tripled the ANALYZE's time.
  await manager.query('ANALYZE bill_import_staging (account_key, kind, reference_key)');
}

const STAGING_COLUMNS = [
  ...['line', 'payable_id', 'ledger_entry_id', 'account_key', 'kind', 'reference_number', 'reference_key', 'description'],
  ...['period_start', 'period_end', 'issue_date', 'due_date', 'total_cents', 'line_categories', 'line_descriptions', 'line_amounts_cents'],
];

/** Each bill as a staging row, the nth with the nth ids, as it is checked: a generator, so the COPY pulls bills as it sends them. */
function* stagingRows(bills: Iterable<ValidBill>, payableIds: readonly string[], entryIds: readonly string[]): Generator<CopyCell[]> {
  let n = 0;
  for (const b of bills) {
    yield [
      b.line,
      payableIds[n]!,
      entryIds[n]!,
      b.accountKey,
      b.kind,
      b.referenceNumber,
      b.referenceKey,
      b.description,
      b.periodStart,
      b.periodEnd,
      b.issueDate,
      b.dueDate,
      b.totalCents,
      b.lines.map((l) => l.category),
      b.lines.map((l) => l.description),
      b.lines.map((l) => l.amountCents),
    ];
    n++;
  }
}

/**
 * Classes every staged bill in one read-only statement: its account (by
 * key), and whether a bill with its kind and number exists already, the same
 * ("SAME": same account, dates, service period, description and lines, so a
 * re-sent file is not an error) or not ("CONFLICT": a corrected bill, say
 * water and sewer swapped for the same total, is never taken silently as
 * imported, since the bill on the account is never altered). A new bill for
 * service that starts after its account closed is "CLOSED_BEFORE_SERVICE": a
 * closed account takes its final bill (service up to the close, issued after
 * it), never a later month's; a bill with no service period may be that final
 * bill, so it goes in. Returns the rows at fault by line (with the close
 * date) and the counts.
 */
async function classifyStagedBills(manager: EntityManager): Promise<{ problems: { line: number; state: Staged; closedOn: string | null }[]; fresh: number; alreadyImported: number }> {
  const rows = await manager.query<{ line: number | null; state: Staged; closed_on: string | null; count: number }[]>(
    `WITH classified AS (
       SELECT x.line, a.closed_on,
              CASE WHEN a.id IS NULL THEN 'UNKNOWN_ACCOUNT'
                   WHEN p.id IS NULL AND a.status = 'CLOSED' AND x.period_start > a.closed_on THEN 'CLOSED_BEFORE_SERVICE'
                   WHEN p.id IS NULL THEN 'NEW'
                   WHEN (p.service_account_id, p.issue_date, p.due_date, p.total_cents, p.line_categories, p.line_amounts_cents, p.period_start, p.period_end, p.description)
                        IS NOT DISTINCT FROM (a.id, x.issue_date, x.due_date, x.total_cents, x.line_categories, x.line_amounts_cents, x.period_start, x.period_end, x.description)
                   THEN 'SAME'
                   ELSE 'CONFLICT' END AS state
         FROM bill_import_staging x
         LEFT JOIN service_accounts a ON a.account_key = x.account_key
         LEFT JOIN payables p ON p.kind = x.kind AND p.reference_key = x.reference_key)
     SELECT line, state, closed_on::text, 1 AS count FROM classified WHERE state IN ('UNKNOWN_ACCOUNT', 'CLOSED_BEFORE_SERVICE', 'CONFLICT')
     UNION ALL
     SELECT NULL, state, NULL, count(*)::int FROM classified WHERE state IN ('NEW', 'SAME') GROUP BY state`,
  );
  const countOf = (state: Staged) => rows.find((row) => row.line === null && row.state === state)?.count ?? 0;
  return {
    problems: rows.flatMap((row) => (row.line === null ? [] : [{ line: row.line, state: row.state, closedOn: row.closed_on }])),
    fresh: countOf('NEW'),
    alreadyImported: countOf('SAME'),
  };
}

/**
 * The lines of refused rows whose account is not one of the city's: rows
 * refused for their format are never staged (nothing of theirs could be
 * inserted), so their accounts are looked up here, in one statement for
 * the batch. No statement when every row was valid.
 */
async function linesOfUnknownAccounts(manager: EntityManager, accounts: RefusedRows['accounts']): Promise<number[]> {
  if (accounts.length === 0) return [];
  const rows = await manager.query<{ line: number }[]>(
    `SELECT k.line FROM unnest($1::int[], $2::text[]) AS k (line, account_key)
      WHERE NOT EXISTS (SELECT 1 FROM service_accounts a WHERE a.account_key = k.account_key)`,
    [accounts.map((a) => a.line), accounts.map((a) => a.accountKey)],
  );
  return rows.map((row) => row.line);
}

/**
 * The accounts of the staged bills whose restoration request is open, which
 * the import reviews once its bills are in. When there are any, every account
 * of the batch is locked first, FOR UPDATE, in id order: taken after the
 * insert's key checks share-locked an account, the review's lock would be an
 * upgrade, which two imports billing the same account deadlock on (see
 * lockTargets in payment-ledger.service). Every account, not only those
 * awaiting restoration: locking those first and the others at the insert
 * would be two passes in id order, and the sweep or a payment holding an
 * account earlier in that order while waiting for one of these would
 * deadlock with the import. A batch billing none keeps the insert's share
 * locks, which concurrent imports share; a request that opens after that
 * look (a payment committing while the insert waits for its account) is
 * found after the insert, and the import starts again (ConcurrentImport):
 * once the insert holds its share locks, no payment can open one.
 */
async function lockRestorationsBilled(manager: EntityManager): Promise<string[]> {
  if (!(await restorationAwaitedAmongStaged(manager))) return [];
  // The statuses as locked, so none of them changes before the review.
  const [locked] = await manager.query<{ ids: string[] | null }[]>(
    `SELECT array_agg(id::text) FILTER (WHERE status = 'RESTORATION_PENDING') AS ids
       FROM (SELECT a.id, a.status FROM service_accounts a WHERE a.account_key IN (SELECT x.account_key FROM bill_import_staging x) ORDER BY a.id FOR UPDATE) AS batch`,
  );
  return locked?.ids ?? [];
}

/** Whether an account of the staged bills awaits restoration (its request open). */
async function restorationAwaitedAmongStaged(manager: EntityManager): Promise<boolean> {
  const found = await manager.query<unknown[]>(`SELECT 1 FROM bill_import_staging x JOIN service_accounts a ON a.account_key = x.account_key WHERE a.status = 'RESTORATION_PENDING' LIMIT 1`);
  return found.length > 0;
}

/**
 * The staged bills not imported before into payables, lines included, and
 * with them their ledger entries, in one statement (a bill is only inserted once
 * classifyStagedBills found no row at fault, so every staged bill is new or
 * the same as before). The statement is the database function
 * billing_insert_staged_bills, which checks the batch's foreign keys once
 * for the batch rather than once per row (see its migration,
 * InsertStagedBillsInBulk1763801100200, BillImportIdsFromTheBatch1763801100500
 * and BillLinesOnTheBill1763801200100). Returns how many bills it inserted:
 * fewer than classified as new means a concurrent import committed some of
 * them in between.
 */
async function insertStagedBills(manager: EntityManager, importId: string, actor: string, now: Date): Promise<number> {
  const rows = await manager.query<{ inserted: number }[]>('SELECT billing_insert_staged_bills($1, $2, $3) AS inserted', [importId, now, actor]);
  return rows[0]?.inserted ?? 0;
}
