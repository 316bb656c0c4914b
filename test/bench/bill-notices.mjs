// pnpm bench: a city's monthly bill import when every account is linked by a
// resident with a proved address: the import, then the job that tells each of
// them of their new bill (customers.new-bill-notices), which queues one
// import's notices in the transaction that marks it told. Measured against a
// real PostgreSQL; the baseline, in the same run, is the import itself.
import { systemClock, localDateOf } from '@platform/core';
import billing from '@platform/billing';
import db from '@platform/db';
import gatewayPackage from '@platform/gateway';
import tenants from '@platform/tenants';
import { openBenchDatabase } from './bench-database.mjs';

const { withTenant, withClient } = db;
const { createServiceModules, serviceSettingsFor, loadConfig, createLogger, migrateDatabase, openAppDataSource, seedDemoData } = gatewayPackage;
const { importBills, readBillCsv } = billing;
const { findTenantBySlug, toTenantRef } = tenants;

const ACCOUNTS = Number(process.env.BENCH_LINKED_ACCOUNTS ?? 100_000);
const TELL = 'customers.new-bill-notices';

/** The date `days` after `date` (YYYY-MM-DD). */
const benchStarted = performance.now();
/** Where the run is, on stderr: the set-up alone takes a while at full size. */
const progress = (what) => process.stderr.write(`  [${((performance.now() - benchStarted) / 1000).toFixed(0)} s] ${what}\n`);

const addDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function main() {
  const database = await openBenchDatabase('notices');
  const modules = createServiceModules(serviceSettingsFor(loadConfig({})));
  const log = createLogger('silent');
  await migrateDatabase(database.settings, modules);
  const appDb = await openAppDataSource(database.settings, modules, 4, 'platform-bench');
  try {
    await seedDemoData(appDb, modules, log);
    const tenant = await findTenantBySlug(appDb, 'norwalk');
    const ctx = { db: appDb, tenant: toTenantRef(tenant), clock: systemClock, locale: 'en' };
    const numbers = Array.from({ length: ACCOUNTS }, (_, i) => `N${String(i).padStart(7, '0')}`);
    // Accounts, residents with a proved address, one account each: set up by SQL, as they would have built up over years.
    await withTenant(ctx, (manager) =>
      manager.query(
        // One statement, ids drawn once per account (a CTE referenced thrice is computed once): matching residents to
        // accounts by a join instead is a nested loop under row-level security.
        `WITH pairs AS (SELECT n, gen_random_uuid() AS account_id, gen_random_uuid() AS user_id FROM unnest($2::text[]) AS n),
              accounts AS (
                INSERT INTO service_accounts (tenant_id, id, account_number, account_key, customer_name, address_line1, city, region, postal_code, status, opened_on, created_at)
                SELECT $1, account_id, n, n, 'Bench Resident', '1 Bench St', 'Norwalk', 'CA', '90650', 'ACTIVE', '2020-01-01', now() FROM pairs),
              residents AS (
                INSERT INTO users (tenant_id, id, email, email_verified_at, roles, locale, created_at, updated_at)
                SELECT $1, user_id, 'resident.' || lower(n) || '@example.com', now(), ARRAY['CUSTOMER'], CASE WHEN right(n, 1) IN ('0', '5') THEN 'es' ELSE 'en' END, now(), now() FROM pairs)
         INSERT INTO account_links (tenant_id, user_id, service_account_id, linked_at) SELECT $1, user_id, account_id, now() FROM pairs`,
        [ctx.tenant.id, numbers],
      ),
    );
    progress('accounts, residents and links set up');
    await withClient(database.superuserUrl, (client) => client.query('ANALYZE service_accounts; ANALYZE users; ANALYZE account_links'));
    const tell = modules.find((module) => module.jobs[TELL])?.jobs[TELL];
    const helpers = { db: appDb, clock: systemClock, log, stopping: new AbortController().signal };
    // What the seed imported is told first, so the run measured tells only this import.
    await tell({}, helpers);
    progress('the seed told');

    const today = localDateOf(systemClock.now(), tenant.settings.timeZone);
    const lines = ['bill_number,account_number,issue_date,due_date,period_start,period_end,water,sewer,trash'];
    numbers.forEach((number, i) => lines.push(`NB${String(i).padStart(8, '0')},${number},${today},${addDays(today, 20)},${addDays(today, -31)},${addDays(today, -1)},${40 + (i % 50)}.25,22.00,18.75`));
    const parsed = readBillCsv(lines.join('\n'));
    if (!parsed.ok) throw new Error(parsed.detail);

    let started = performance.now();
    const outcome = await importBills(ctx, parsed.rows, { source: 'CLI', actor: 'bench', payableKinds: ['UTILITY_BILL'] });
    const importSeconds = (performance.now() - started) / 1000;
    if (outcome.imported !== ACCOUNTS) throw new Error(`imported ${outcome.imported} of ${ACCOUNTS}`);
    progress('imported');

    started = performance.now();
    await tell({}, helpers);
    const tellSeconds = (performance.now() - started) / 1000;
    const [{ queued }] = await withTenant(ctx, (manager) => manager.query("SELECT count(*)::int AS queued FROM notification_outbox WHERE template = 'BILL_ISSUED' AND status = 'PENDING'"));
    if (queued !== ACCOUNTS) throw new Error(`queued ${queued} notices for ${ACCOUNTS} linked accounts`);

    started = performance.now();
    await tell({}, helpers);
    const againSeconds = (performance.now() - started) / 1000;

    process.stdout.write(`\nnew bill notices: ${ACCOUNTS.toLocaleString('en-US')} accounts, each linked by a resident with a proved address\n`);
    process.stdout.write(`  baseline: import  ${importSeconds.toFixed(2)} s  (${ACCOUNTS.toLocaleString('en-US')} bills, one transaction)\n`);
    process.stdout.write(
      `  notices queued    ${tellSeconds.toFixed(2)} s  (${queued.toLocaleString('en-US')} emails, ${Math.round(queued / tellSeconds).toLocaleString('en-US')}/s, one transaction; notices/import ${(tellSeconds / importSeconds).toFixed(2)})\n`,
    );
    process.stdout.write(`  run again         ${againSeconds.toFixed(2)} s  (the import told already: nothing queued)\n`);
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
