// pnpm bench (part 3): guest payments per second through GraphQL (look-up
// by account number, processor call to the sandbox over HTTP, pending amount
// on the ledger, receipt), at several levels of concurrency. Tokens are made
// at the sandbox outside the timed call, as a browser would before paying.
import http from 'node:http';
import { systemClock } from '@platform/core';
import db from '@platform/db';
import { openBenchDatabase } from './bench-database.mjs';
import gatewayPackage from '@platform/gateway';
import sandboxPackage from '@platform/processor-sandbox';
import tenants from '@platform/tenants';

const { withTenant, withClient } = db;
const { createServiceModules, paymentsSettingsFor, loadConfig, buildGatewaySchema, createLogger, migrateDatabase, openAppDataSource, seedDemoData, startGateway } = gatewayPackage;
const { startSandboxProcessor, createSandboxToken } = sandboxPackage;
const { findTenantBySlug, toTenantRef } = tenants;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const ACCOUNTS = 500;

async function main() {
  const database = await openBenchDatabase('pay');
  const { settings } = database;
  const config = loadConfig({});
  const sandbox = await startSandboxProcessor({ port: 0, secretKey: config.processor.secretKey, clock: systemClock });
  const modules = createServiceModules({ sessions: config.sessions, payments: paymentsSettingsFor(config.processor, sandbox.url) });
  const log = createLogger('silent');
  await migrateDatabase(settings, modules);
  const appDb = await openAppDataSource(settings, modules, 20, 'platform-bench');
  await seedDemoData(appDb, modules, log);
  const tenant = toTenantRef(await findTenantBySlug(appDb, 'norwalk'));
  const numbers = Array.from({ length: ACCOUNTS }, (_, i) => `P${String(i).padStart(6, '0')}`);
  await withTenant({ db: appDb, tenant }, (manager) =>
    manager.query(
      `INSERT INTO service_accounts (tenant_id, id, account_number, account_key, customer_name, address_line1, city, region, postal_code, status, opened_on, created_at)
       SELECT $1, gen_random_uuid(), n, n, 'Bench Payer', '1 Bench St', 'Norwalk', 'CA', '90650', 'ACTIVE', '2020-01-01', now() FROM unnest($2::text[]) AS n`,
      [tenant.id, numbers],
    ),
  );
  await withClient(database.superuserUrl, (client) => client.query('ANALYZE'));
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

  const query = 'mutation Pay($input: MakePaymentInput!) { makePayment(input: $input) { payment { status } userErrors { code } } }';
  let sequence = 0;
  try {
    process.stdout.write(`\nguest makePayment over HTTP (Norwalk, card, sandbox processor over HTTP), ${SECONDS}s per level\n`);
    process.stdout.write('clients  payments/s  p50 ms  p99 ms  errors\n');
    for (const clients of LEVELS) {
      const result = await load(gateway.url, clients, SECONDS * 1000, async () => {
        const n = sequence++;
        const token = await createSandboxToken(sandbox.url, { number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123', postalCode: '90650' });
        return JSON.stringify({
          query,
          variables: { input: { idempotencyKey: `bench-${process.pid}-${n}`, allocations: [{ accountNumber: numbers[n % ACCOUNTS], amount: '12.34' }], token, payerEmail: 'bench@example.com' } },
        });
      });
      process.stdout.write(
        `${String(clients).padStart(7)}  ${result.rps.toFixed(0).padStart(10)}  ${result.p50.toFixed(1).padStart(6)}  ${result.p99.toFixed(1).padStart(6)}  ${String(result.errors).padStart(6)}\n`,
      );
    }
  } finally {
    await gateway.close();
    await appDb.destroy();
    await database.close();
    await sandbox.close();
  }
}

async function load(url, clients, durationMs, nextBody) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const target = new URL(url);
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + durationMs;
  const once = (body, address) =>
    new Promise((resolve) => {
      const started = performance.now();
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk', 'x-forwarded-for': address } },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            const ok = res.statusCode === 200 && Buffer.concat(chunks).toString().includes('"status":"CAPTURED"');
            if (ok) latencies.push(performance.now() - started);
            else errors += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });
  const worker = async (index) => {
    while (performance.now() < deadline) await once(await nextBody(), `10.0.${index}.1`);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, i) => worker(i)));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
