// pnpm bench (part 2): importing 100,000 bills in one batch through the same
// function the CLI and GraphQL use (validation, account resolution,
// idempotency check, all-or-nothing insert), against a real PostgreSQL.
// Baseline, in the same run: COPY of the same bills, their lines as arrays
// as the import stages them, into a plain temporary table (no checks, keys
// or indexes): what merely moving the rows
// costs on this machine, so the import reads as a multiple of it.
import billing from '@platform/billing';
import { systemClock } from '@platform/core';
import db from '@platform/db';
import { openBenchDatabase } from './bench-database.mjs';
import gatewayPackage from '@platform/gateway';
import tenants from '@platform/tenants';

const { withTenant, withClient, copyRowsInto } = db;
const { createServiceModules, serviceSettingsFor, loadConfig, createLogger, migrateDatabase, openAppDataSource, seedDemoData } = gatewayPackage;
const { importBills, readBillCsv } = billing;
const { findTenantBySlug, toTenantRef } = tenants;

const BILLS = Number(process.env.BENCH_BILLS ?? 100_000);
const BILLS_PER_ACCOUNT = 5;

async function main() {
  const database = await openBenchDatabase('import');
  const { settings } = database;
  const modules = createServiceModules(serviceSettingsFor(loadConfig({})));
  const log = createLogger('silent');
  await migrateDatabase(settings, modules);
  const appDb = await openAppDataSource(settings, modules, 4, 'platform-bench');
  try {
    await seedDemoData(appDb, modules, log);
    const tenant = await findTenantBySlug(appDb, 'norwalk');
    const ctx = { db: appDb, tenant: toTenantRef(tenant), clock: systemClock, locale: 'en' };
    const accounts = Math.ceil(BILLS / BILLS_PER_ACCOUNT);
    const numbers = Array.from({ length: accounts }, (_, i) => `B${String(i).padStart(7, '0')}`);
    await withTenant(ctx, (manager) =>
      manager.query(
        `INSERT INTO service_accounts (tenant_id, id, account_number, account_key, customer_name, address_line1, city, region, postal_code, status, opened_on, created_at)
         SELECT $1, gen_random_uuid(), n, n, 'Bench Resident', '1 Bench St', 'Norwalk', 'CA', '90650', 'ACTIVE', '2020-01-01', now() FROM unnest($2::text[]) AS n`,
        [ctx.tenant.id, numbers],
      ),
    );
    // A city's accounts exist long before its bills arrive, and autovacuum has analysed them by then. Without
    // fresh statistics PostgreSQL keeps foreign-key checks on a plan made when the table was nearly empty.
    await withClient(database.superuserUrl, (client) => client.query('ANALYZE service_accounts'));

    const lines = ['bill_number,account_number,issue_date,due_date,period_start,period_end,water,sewer,trash'];
    for (let i = 0; i < BILLS; i++) {
      const month = String((i % BILLS_PER_ACCOUNT) + 1).padStart(2, '0');
      lines.push(
        `BILL${String(i).padStart(8, '0')},${numbers[Math.floor(i / BILLS_PER_ACCOUNT)]},2026-${month}-01,2026-${month}-22,2026-${month}-01,2026-${month}-28,${40 + (i % 50)}.${String(i % 100).padStart(2, '0')},22.00,18.75`,
      );
    }
    const csv = lines.join('\n');

    let started = performance.now();
    const parsed = readBillCsv(csv);
    const parseSeconds = (performance.now() - started) / 1000;
    if (!parsed.ok) throw new Error(parsed.detail);

    started = performance.now();
    const outcome = await importBills(ctx, parsed.rows, { source: 'CLI', actor: 'bench', payableKinds: ['UTILITY_BILL'] });
    const importSeconds = (performance.now() - started) / 1000;
    if (outcome.imported !== BILLS) throw new Error(`imported ${outcome.imported} of ${BILLS}: ${JSON.stringify(outcome.errors.slice(0, 3))}`);

    started = performance.now();
    const again = await importBills(ctx, parsed.rows, { source: 'CLI', actor: 'bench', payableKinds: ['UTILITY_BILL'] });
    const reimportSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    await withTenant(ctx, async (manager) => {
      await manager.query(
        'CREATE TEMPORARY TABLE copy_bills (n int, account text, bill text, issue_date date, due_date date, total bigint, categories text[], descriptions text[], amounts bigint[]) ON COMMIT DROP',
      );
      await copyRowsInto(
        manager,
        'copy_bills',
        ['n', 'account', 'bill', 'issue_date', 'due_date', 'total', 'categories', 'descriptions', 'amounts'],
        parsed.rows.map((row, n) => [
          n,
          row.cells.account_number,
          row.cells.bill_number,
          row.cells.issue_date,
          row.cells.due_date,
          1,
          ['WATER', 'SEWER', 'TRASH'],
          ['Water', 'Sewer', 'Trash'],
          [100n, 100n, 100n],
        ]),
      );
    });
    const copySeconds = (performance.now() - started) / 1000;

    process.stdout.write(`\nbill import: ${BILLS.toLocaleString('en-US')} bills (${(csv.length / 1048576).toFixed(1)} MB CSV, ${accounts.toLocaleString('en-US')} accounts, 3 lines each)\n`);
    process.stdout.write(`  parse CSV         ${parseSeconds.toFixed(2)} s\n`);
    process.stdout.write(
      `  import            ${importSeconds.toFixed(2)} s  (${Math.round(BILLS / importSeconds).toLocaleString('en-US')} bills/s; payables, ${BILLS * 3} lines, ${BILLS} ledger entries, one transaction)\n`,
    );
    process.stdout.write(
      `  baseline (COPY)   ${copySeconds.toFixed(2)} s  (the same bills, lines included, copied into a bare temporary table; import/COPY ${(importSeconds / copySeconds).toFixed(1)})\n`,
    );
    process.stdout.write(`  same file again   ${reimportSeconds.toFixed(2)} s  (${again.alreadyImported.toLocaleString('en-US')} already imported, nothing written)\n`);
    process.stdout.write(`  process RSS       ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB\n`);
  } finally {
    await appDb.destroy();
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
