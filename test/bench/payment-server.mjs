// One side of the payments-versus-main bench: a whole platform (embedded
// PostgreSQL, sandbox processor over HTTP, gateway) built from the checkout at
// argv[2], so the same load can be aimed at two builds in one run. Speaks a
// line protocol on stdin/stdout: it prints {"ready":...} once serving, answers
// "report" with what it saw (charges, captured payments, events per payment),
// and stops on "stop".
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import readline from 'node:readline';

const root = path.resolve(process.argv[2] ?? '.');
const label = process.argv[3] ?? 'side';
const load = createRequire(path.join(root, 'package.json'));
const db = load('@platform/db');
const { systemClock } = load('@platform/core');
const { createServiceModules, paymentsSettingsFor, loadConfig, buildGatewaySchema, createLogger, migrateDatabase, openAppDataSource, seedDemoData, startGateway } = load('@platform/gateway');
const { startSandboxProcessor, listSandboxCharges } = load('@platform/processor-sandbox');
const { findTenantBySlug, toTenantRef } = load('@platform/tenants');

const CITIES = ['norwalk', 'norman'];
const ACCOUNTS = 500;

async function main() {
  const embedded = process.env.DATABASE_URL ? null : await db.startEmbeddedPostgres({ dataDir: path.join(root, '.data', `bench-vs-${label}-${process.pid}`), persistent: false });
  const settings = {
    adminUrl: process.env.DATABASE_URL ?? embedded.adminUrl,
    databaseName: `bench_vs_${label}_${process.pid}`,
    owner: { name: 'billing_owner', password: 'billing-owner-dev-password' },
    app: { name: 'billing_app', password: 'billing-app-dev-password' },
  };
  const superuserUrl = new URL(settings.adminUrl);
  superuserUrl.pathname = `/${settings.databaseName}`;
  const config = loadConfig({});
  const sandbox = await startSandboxProcessor({ port: 0, secretKey: config.processor.secretKey, clock: systemClock });
  const modules = createServiceModules({ sessions: config.sessions, payments: paymentsSettingsFor(config.processor, sandbox.url) });
  const log = createLogger('silent');
  await migrateDatabase(settings, modules);
  const appDb = await openAppDataSource(settings, modules, 20, 'platform-bench');
  await seedDemoData(appDb, modules, log);
  const numbers = Array.from({ length: ACCOUNTS }, (_, i) => `P${String(i).padStart(6, '0')}`);
  const tenantIds = {};
  for (const slug of CITIES) {
    const tenant = toTenantRef(await findTenantBySlug(appDb, slug));
    tenantIds[slug] = tenant.id;
    await db.withTenant({ db: appDb, tenant }, (manager) =>
      manager.query(
        `INSERT INTO service_accounts (tenant_id, id, account_number, account_key, customer_name, address_line1, city, region, postal_code, status, opened_on, created_at)
         SELECT $1, gen_random_uuid(), n, n, 'Bench Payer', '1 Bench St', 'Bench', 'CA', '90650', 'ACTIVE', '2020-01-01', now() FROM unnest($2::text[]) AS n`,
        [tenant.id, numbers],
      ),
    );
  }
  await db.withClient(superuserUrl.toString(), async (client) => {
    // Both cities prove an account by its number alone, so a payment costs the same in either.
    await client.query(`UPDATE tenants SET settings = jsonb_set(settings, '{paymentRules,verificationMode}', '"ACCOUNT_NUMBER"') WHERE slug = 'norman'`);
    // The accounts and cities only: tables still empty, analysed now, would be planned as empty while the load fills
    // them (each foreign-key check against payments a scan of the whole table); autovacuum leaves them unanalysed too.
    await client.query('ANALYZE service_accounts, tenants');
  });
  const gateway = await startGateway({
    eventsListenUrl: db.appUrl(settings),
    deps: { db: appDb, clock: systemClock, log, operatorKey: 'bench-operator-key-0000', sessions: config.sessions, trustProxy: true },
    schema: await buildGatewaySchema(modules),
    modules,
    host: '127.0.0.1',
    port: 0,
    introspection: false,
    graphiql: false,
    maxRequestBytes: 1_000_000,
    demoTenants: [],
  });

  // A subscriber per city, live from now: every payment's events must reach it exactly once.
  const eventsByPayment = new Map();
  let overflows = 0;
  const feeds = CITIES.map((slug) => gateway.events.follow(tenantIds[slug], { after: null, typePrefixes: ['payment.'], onOverflow: () => (overflows += 1) }));
  const reading = feeds.map(async (feed) => {
    for await (const event of feed) {
      const list = eventsByPayment.get(event.subjectId) ?? [];
      list.push(event.type);
      eventsByPayment.set(event.subjectId, list);
    }
  });

  // Where the gateway's sessions wait, sampled every 50 ms while it serves (pg_stat_activity): a city-wide lock shows here.
  const { Client } = load('pg');
  const sampler = new Client({ connectionString: superuserUrl.toString(), application_name: 'bench-sampler' });
  await sampler.connect();
  const waits = new Map();
  let samples = 0;
  const sampling = setInterval(async () => {
    const { rows } = await sampler
      .query(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'platform-bench' AND state = 'active'`,
      )
      .catch(() => ({ rows: [] }));
    for (const row of rows) {
      waits.set(row.wait, (waits.get(row.wait) ?? 0) + 1);
      samples += 1;
    }
  }, 50);

  const report = async () => {
    const charges = await listSandboxCharges(sandbox.url, config.processor.secretKey);
    const byKey = new Map();
    for (const charge of charges) byKey.set(charge.idempotencyKey, (byKey.get(charge.idempotencyKey) ?? 0) + 1);
    const rows = await db.withClient(superuserUrl.toString(), async (client) => (await client.query(`SELECT id, idempotency_key, status FROM payments WHERE payer_email = 'bench@example.com'`)).rows);
    const captured = rows.filter((row) => row.status === 'CAPTURED');
    // Give the feed a moment to catch up on the last commits before judging it.
    const wanted = (row) => eventsByPayment.get(row.id)?.join(',') === 'payment.pending,payment.captured';
    for (let i = 0; i < 50 && !captured.every(wanted); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    return {
      charges: charges.length,
      duplicateCharges: [...byKey.values()].filter((n) => n > 1).length,
      captured: captured.length,
      paymentsWithDuplicateKey: rows.length - new Set(rows.map((row) => row.idempotency_key)).size,
      eventsExactlyOnce: captured.filter(wanted).length,
      eventsWrong: captured.filter((row) => !wanted(row)).length,
      overflows,
      waits: [...waits]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([wait, n]) => `${wait} ${((100 * n) / Math.max(1, samples)).toFixed(0)}%`),
    };
  };

  process.stdout.write(`${JSON.stringify({ ready: { url: gateway.url, sandboxUrl: sandbox.url } })}\n`);
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line === 'report') process.stdout.write(`${JSON.stringify({ report: await report() })}\n`);
    if (line === 'cpu') process.stdout.write(`${JSON.stringify({ cpu: cpuMs(embedded !== null) })}\n`);
    if (line === 'stop') break;
  }
  clearInterval(sampling);
  await sampler.end();
  for (const feed of feeds) await feed.return?.();
  await Promise.all(reading);
  await gateway.close();
  await appDb.destroy();
  await db.dropDatabase(settings, settings.databaseName);
  await embedded?.stop();
  await sandbox.close();
  process.exit(0);
}

/**
 * CPU time spent so far, in ms: this process (the gateway, and the sandbox
 * processor it also runs) and its descendants (the embedded PostgreSQL's
 * processes; null with DATABASE_URL or off Linux). Per payment, it is a
 * figure the machine's other load moves far less than payments per second.
 */
function cpuMs(ownDatabase) {
  const usage = process.cpuUsage();
  let database = null;
  try {
    const children = new Map();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const fields = statFields(entry);
      if (!fields) continue;
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), { pid: Number(entry), ticks: Number(fields[11]) + Number(fields[12]) }]);
    }
    let ticks = 0;
    const queue = [...(children.get(process.pid) ?? [])];
    while (queue.length > 0) {
      const next = queue.pop();
      ticks += next.ticks;
      queue.push(...(children.get(next.pid) ?? []));
    }
    // Linux counts in clock ticks of 10 ms (USER_HZ 100).
    database = ownDatabase ? ticks * 10 : null;
  } catch {
    database = null;
  }
  return { gateway: (usage.user + usage.system) / 1000, database };
}

/** The fields of /proc/<pid>/stat after the command name (state, ppid, ...), or null for a process that has gone. */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
