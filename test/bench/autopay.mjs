// pnpm bench (autopay): one monthly autopay run over 100,000 enrolled
// accounts through the same function as the scheduled job, staff's
// runAutopay and the CLI (per account: decision on the balance, claim of the
// cycle's deduction, payment recorded PENDING, card charged at the sandbox
// processor over HTTP, outcome with the ledger's pending amount and the
// receipt), then the same run again, which must charge nobody. Accounts,
// bills, links and enrolments are written in bulk with SQL beforehand.
// Baseline, measured in the same run: the same number of charges sent
// straight to a second sandbox at the same concurrency, through the same
// HTTP client, with no database at all: what the processor and the client
// allow on this machine, so the run's figure reads as a share of it.
import { localDateOf, systemClock } from '@platform/core';
// First: TypeORM (through @platform/db) loads reflect-metadata, which the decorators of the services need.
import db from '@platform/db';
import { openBenchDatabase } from './bench-database.mjs';
import autopay from '@platform/autopay';
import gatewayPackage from '@platform/gateway';
import sandboxPackage from '@platform/processor-sandbox';
import tenants from '@platform/tenants';

const { withTenant, withClient } = db;
const { createServiceModules, paymentsSettingsFor, loadConfig, createLogger, migrateDatabase, openAppDataSource, seedDemoData } = gatewayPackage;
const { startSandboxProcessor, createSandboxToken, listSandboxCharges } = sandboxPackage;
const { findTenantBySlug, toTenantRef } = tenants;
const { runAutopayForDate } = autopay;

const ACCOUNTS = Number(process.env.BENCH_AUTOPAY_ACCOUNTS ?? 100_000);
// The gateway's default (AUTOPAY_CHARGE_CONCURRENCY) unless said.
const CONCURRENCY = Number(process.env.BENCH_AUTOPAY_CONCURRENCY ?? loadConfig({}).autopayConcurrency);
// The gateway's default app pool: runs share it with requests and other jobs.
const POOL_SIZE = Number(process.env.BENCH_AUTOPAY_POOL ?? 10);
const BILL_CENTS = 8805n;
const BASELINE_CHARGES = 20_000;
// What seedEnrolments writes in bulk: the tables a city would have filled long before its autopay morning.
const SEEDED_TABLES = ['users', 'saved_payment_methods', 'service_accounts', 'ledger_entries', 'account_links', 'autopay_enrollments'];

async function main() {
  const database = await openBenchDatabase('autopay');
  const { settings } = database;
  const config = loadConfig({});
  const sandbox = await startSandboxProcessor({ port: 0, secretKey: config.processor.secretKey, clock: systemClock });
  const payments = paymentsSettingsFor(config.processor, sandbox.url);
  const modules = createServiceModules({ sessions: config.sessions, payments });
  await migrateDatabase(settings, modules);
  const appDb = await openAppDataSource(settings, modules, POOL_SIZE, 'platform-bench');
  try {
    await seedDemoData(appDb, modules, createLogger('silent'));
    const tenant = await findTenantBySlug(appDb, 'norwalk');
    const scope = { db: appDb, tenant: toTenantRef(tenant), clock: systemClock, locale: 'en' };
    // Last month's deduction day: a date that has surely come, whatever today is.
    const today = new Date();
    const lastMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const date = `${lastMonth}-${String(tenant.settings.autopayRules.deductionDay).padStart(2, '0')}`;

    let started = performance.now();
    // A city's tables have statistics long before a run; without them PostgreSQL plans the foreign-key
    // checks of the bulk inserts as if service_accounts were empty (a scan per row). Only the tables the set-up
    // filled, as autovacuum would have: analysed while still empty, the payment tables were planned as empty for
    // the run, and every foreign-key check against payments became a scan of the whole, growing table in each pooled
    // connection (12,000 scans reading 50 million rows in a 20,000-account run, half the database's CPU).
    const analyze = () => withClient(database.superuserUrl, (client) => client.query(`ANALYZE ${SEEDED_TABLES.join(', ')}`));
    await seedEnrolments(scope, payments.processor, sandbox.url, lastMonth, analyze);
    const setupSeconds = (performance.now() - started) / 1000;

    const baseline = await processorAlone(config, Math.min(ACCOUNTS, BASELINE_CHARGES));

    started = performance.now();
    const first = await runAutopayForDate(scope, { payments, concurrency: CONCURRENCY }, tenant, { date, trigger: 'CLI', actor: 'bench' });
    const runSeconds = (performance.now() - started) / 1000;
    if (!first.ok) throw new Error(JSON.stringify(first.userErrors));
    if (first.value.summary.charged !== ACCOUNTS)
      throw new Error(`charged ${first.value.summary.charged} of ${ACCOUNTS}: ${JSON.stringify(first.value.summary, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);

    started = performance.now();
    const again = await runAutopayForDate(scope, { payments, concurrency: CONCURRENCY }, tenant, { date, trigger: 'CLI', actor: 'bench' });
    const rerunSeconds = (performance.now() - started) / 1000;
    if (!again.ok || again.value.summary.charged !== 0) throw new Error('the rerun charged again');
    // An hourly pass of this month before its deduction day: nothing is due yet, and it must not read every enrolment to
    // find that out (the day may have moved, so it asks which accounts were promised an earlier date).
    const thisMonthFirst = `${localDateOf(new Date(), tenant.settings.timeZone).slice(0, 7)}-01`;
    let beforeDaySeconds = null;
    if (tenant.settings.autopayRules.deductionDay > 1) {
      started = performance.now();
      const early = await runAutopayForDate(scope, { payments, concurrency: CONCURRENCY }, tenant, { date: thisMonthFirst, trigger: 'CLI', actor: 'bench' });
      beforeDaySeconds = (performance.now() - started) / 1000;
      if (!early.ok || early.value.summary.charged !== 0) throw new Error('the pass before the deduction day charged');
    }
    const processorCharges = (await listSandboxCharges(sandbox.url, config.processor.secretKey)).length;
    if (processorCharges !== ACCOUNTS) throw new Error(`the processor made ${processorCharges} charges for ${ACCOUNTS} accounts`);

    process.stdout.write(
      `\nautopay run: ${ACCOUNTS.toLocaleString('en-US')} enrolled accounts (Norwalk, card, sandbox processor over HTTP), ${CONCURRENCY} charges in flight, ${POOL_SIZE} app connections\n`,
    );
    process.stdout.write(`  setup (SQL bulk)  ${setupSeconds.toFixed(2)} s\n`);
    process.stdout.write(
      `  run               ${runSeconds.toFixed(2)} s  (${Math.round(ACCOUNTS / runSeconds).toLocaleString('en-US')} charges/s; ${processorCharges.toLocaleString('en-US')} processor charges, $${(Number(first.value.summary.amountChargedCents) / 100).toLocaleString('en-US')})\n`,
    );
    process.stdout.write(
      `  baseline          ${Math.round(baseline).toLocaleString('en-US')} charges/s  (the processor alone: the same charges over HTTP at the same concurrency, no database; run/baseline ${(ACCOUNTS / runSeconds / baseline).toFixed(2)})\n`,
    );
    process.stdout.write(`  same run again    ${rerunSeconds.toFixed(2)} s  (0 charges: every cycle already settled)\n`);
    if (beforeDaySeconds !== null) process.stdout.write(`  pass before day   ${beforeDaySeconds.toFixed(2)} s  (${thisMonthFirst}, this month's deduction day still to come: 0 charges)\n`);
    process.stdout.write(`  process RSS       ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB\n`);
  } finally {
    await appDb.destroy();
    await database.close();
    await sandbox.close();
  }
}

/** Charges per second of `count` charges made straight at a sandbox of their own, CONCURRENCY at a time. */
async function processorAlone(config, count) {
  const sandbox = await startSandboxProcessor({ port: 0, secretKey: config.processor.secretKey, clock: systemClock });
  try {
    const { processor } = paymentsSettingsFor(config.processor, sandbox.url);
    const profile = await processor.createProfile({ idempotencyKey: 'baseline-profile', customerRef: 'baseline' });
    const token = await createSandboxToken(sandbox.url, { number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123', postalCode: '90650' });
    const method = (await processor.saveMethod({ idempotencyKey: 'baseline-method', profileId: profile.value.profileId, token })).value;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < count; i = next++) {
          const charged = await processor.charge({
            idempotencyKey: `baseline-${i}`,
            amountCents: BILL_CENTS,
            source: { profileId: method.profileId, methodId: method.methodId },
            description: 'baseline',
          });
          if (charged.outcome !== 'OK') throw new Error(`baseline charge ${i}: ${charged.outcome}`);
        }
      }),
    );
    return count / ((performance.now() - started) / 1000);
  } finally {
    await sandbox.close();
  }
}

/** One customer with one saved card at the processor, enrolling every account: what a million-door landlord would be. */
async function seedEnrolments(scope, processor, sandboxUrl, firstCycle, analyze) {
  const profile = await processor.createProfile({ idempotencyKey: 'bench-profile', customerRef: 'bench' });
  const token = await createSandboxToken(sandboxUrl, { number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123', postalCode: '90650' });
  const saved = await processor.saveMethod({ idempotencyKey: 'bench-method', profileId: profile.value.profileId, token });
  const method = saved.value;
  const numbers = Array.from({ length: ACCOUNTS }, (_, i) => `A${String(i).padStart(7, '0')}`);
  const { user, card, ids } = await withTenant(scope, async (manager) => {
    const [user] = await manager.query(
      `INSERT INTO users (tenant_id, id, email, roles, locale, created_at, updated_at) VALUES ($1, gen_random_uuid(), 'bench@example.com', ARRAY['CUSTOMER'], 'en', now(), now()) RETURNING id`,
      [scope.tenant.id],
    );
    const [card] = await manager.query(
      `INSERT INTO saved_payment_methods (tenant_id, id, user_id, processor_profile_id, processor_method_id, kind, brand, last4, exp_month, exp_year, holder_name, fingerprint, created_at)
       VALUES ($1, gen_random_uuid(), $2, $3, $4, 'CARD', 'VISA', $5, $6, $7, NULL, $8, now()) RETURNING id`,
      [scope.tenant.id, user.id, method.profileId, method.methodId, method.last4, method.expMonth, method.expYear, method.fingerprint],
    );
    const accounts = await manager.query(
      `INSERT INTO service_accounts (tenant_id, id, account_number, account_key, customer_name, address_line1, city, region, postal_code, status, opened_on, created_at)
       SELECT $1, gen_random_uuid(), n, n, 'Bench Resident', '1 Bench St', 'Norwalk', 'CA', '90650', 'ACTIVE', '2020-01-01', now() FROM unnest($2::text[]) AS n RETURNING id`,
      [scope.tenant.id, numbers],
    );
    return { user, card, ids: accounts.map((a) => a.id) };
  });
  await analyze();
  await withTenant(scope, async (manager) => {
    await manager.query(
      `INSERT INTO ledger_entries (tenant_id, id, service_account_id, kind, amount_cents, effective_date, due_date, recorded_at, recorded_by)
       SELECT $1, gen_random_uuid(), a, 'BILL_ISSUED', $3, $4::date, $4::date + 21, now(), 'bench' FROM unnest($2::uuid[]) AS a`,
      [scope.tenant.id, ids, BILL_CENTS.toString(), `${firstCycle}-01`],
    );
    await manager.query('INSERT INTO account_links (tenant_id, user_id, service_account_id, linked_at) SELECT $1, $3, a, now() FROM unnest($2::uuid[]) AS a', [scope.tenant.id, ids, user.id]);
    await manager.query(
      `INSERT INTO autopay_enrollments (tenant_id, service_account_id, user_id, saved_method_id, status, first_cycle, enrolled_at, updated_at)
       SELECT $1, a, $3, $4, 'ENROLLED', $5, now(), now() FROM unnest($2::uuid[]) AS a`,
      [scope.tenant.id, ids, user.id, card.id, firstCycle],
    );
  });
  await analyze();
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
