// pnpm bench (part 4): 1,000 staff subscribers on the payment feed, split
// across two gateway instances on one database (each with its own LISTEN
// connection); payments are made through GraphQL and each subscriber's
// receipt of the CAPTURED event is timed against the event's own timestamp
// (taken inside the committing transaction). Clients run in this process.
import { systemClock } from '@platform/core';
import db from '@platform/db';
import { openBenchDatabase } from './bench-database.mjs';
import gatewayPackage from '@platform/gateway';
import sandboxPackage from '@platform/processor-sandbox';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const { withClient } = db;
const { createServiceModules, paymentsSettingsFor, loadConfig, buildGatewaySchema, createLogger, migrateDatabase, openAppDataSource, seedDemoData, startGateway } = gatewayPackage;
const { startSandboxProcessor, createSandboxToken } = sandboxPackage;

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 20);
const OPERATOR_KEY = 'bench-operator-key-0000';

async function main() {
  const database = await openBenchDatabase('subs');
  const { settings } = database;
  const config = loadConfig({});
  const sandbox = await startSandboxProcessor({ port: 0, secretKey: config.processor.secretKey, clock: systemClock });
  const modules = createServiceModules({ sessions: config.sessions, payments: paymentsSettingsFor(config.processor, sandbox.url) });
  const log = createLogger('silent');
  await migrateDatabase(settings, modules);
  const schema = await buildGatewaySchema(modules);
  const instance = async (poolName) => {
    const appDb = await openAppDataSource(settings, modules, 10, poolName);
    const gateway = await startGateway({
      eventsListenUrl: db.appUrl(settings),
      deps: { db: appDb, clock: systemClock, log, operatorKey: OPERATOR_KEY, sessions: config.sessions, trustProxy: true },
      schema,
      modules,
      host: '127.0.0.1',
      port: 0,
      introspection: false,
      graphiql: false,
      maxRequestBytes: 1_000_000,
      // Every subscriber of this benchmark connects from this one address.
      webSocketLimits: { maxConnectionsPerAddress: SUBSCRIBERS },
      demoTenants: [],
    });
    return { appDb, gateway };
  };
  const a = await instance('bench-a');
  const b = await instance('bench-b');
  await seedDemoData(a.appDb, modules, log);
  const clients = [];
  try {
    const token = await staffToken(a.gateway.url, database.superuserUrl);
    const rssBefore = process.memoryUsage().rss;
    const latencies = [];
    let received = 0;
    const expected = new Set();
    const ready = [];
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const url = (i % 2 === 0 ? a : b).gateway.url.replace(/^http/, 'ws');
      const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { tenant: 'norwalk', authorization: `Bearer ${token}` } });
      clients.push(client);
      ready.push(
        new Promise((resolve) => {
          let first = true;
          client.subscribe(
            { query: 'subscription { paymentFeed(filter: { statuses: [CAPTURED] }) { paymentId occurredAt } }' },
            {
              next: (result) => {
                const event = result.data?.paymentFeed;
                if (!event) return;
                if (first) {
                  first = false;
                  resolve();
                }
                if (!expected.has(event.paymentId)) return;
                latencies.push(Date.now() - new Date(event.occurredAt).getTime());
                received++;
              },
              error: () => resolve(),
              complete: () => undefined,
            },
          );
        }),
      );
    }
    // graphql-ws has no subscription acknowledgement: warm-up payments until every subscriber has seen one.
    const pay = async (n) => {
      const cardToken = await createSandboxToken(sandbox.url, { number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123', postalCode: '90650' });
      const response = await fetch(b.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk', 'x-forwarded-for': `10.1.${n % 250}.${Math.floor(n / 250)}` },
        body: JSON.stringify({
          query: 'mutation P($input: MakePaymentInput!) { makePayment(input: $input) { payment { id status } } }',
          variables: { input: { idempotencyKey: `bench-subs-${process.pid}-${n}`, allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }], token: cardToken, payerEmail: 'bench@example.com' } },
        }),
      });
      return (await response.json()).data.makePayment.payment;
    };
    let n = 0;
    const warm = Promise.all(ready);
    while ((await Promise.race([warm.then(() => true), new Promise((r) => setTimeout(() => r(false), 300))])) === false) await pay(n++);
    const rssWithSubscribers = process.memoryUsage().rss;

    for (let i = 0; i < PAYMENTS; i++) {
      const payment = await pay(n++);
      expected.add(payment.id);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const deadline = Date.now() + 10_000;
    while (received < PAYMENTS * SUBSCRIBERS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    latencies.sort((x, y) => x - y);
    const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    process.stdout.write(`\nsubscriptions: ${SUBSCRIBERS} staff subscribers on paymentFeed across two gateway instances, ${PAYMENTS} payments\n`);
    process.stdout.write(`  delivered ${received} of ${PAYMENTS * SUBSCRIBERS} (event, subscriber) pairs\n`);
    process.stdout.write(`  latency from the event's commit-time stamp to receipt: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${latencies.at(-1)} ms\n`);
    process.stdout.write(
      `  process RSS: ${(rssBefore / 1048576).toFixed(0)} MB before subscribers, ${(rssWithSubscribers / 1048576).toFixed(0)} MB with them (both gateways, the clients and the sandbox share this process)\n`,
    );
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    await a.gateway.close();
    await b.gateway.close();
    await a.appDb.destroy();
    await b.appDb.destroy();
    await database.close();
    await sandbox.close();
  }
}

/** A SUPPORT user's access token, made as a city would: operator invites, staff sets a password, signs in. */
async function staffToken(url, superuserUrl) {
  const call = async (query, variables, headers = {}) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk', ...headers }, body: JSON.stringify({ query, variables }) });
    return (await response.json()).data;
  };
  await call(
    'mutation { createStaffUser(input: { email: "bench-staff@norwalk.example", name: "Bench Staff", role: SUPPORT }) { userErrors { code } } }',
    {},
    { authorization: `Bearer ${OPERATOR_KEY}` },
  );
  const invitation = await withClient(
    superuserUrl,
    async (client) => (await client.query(`SELECT data->>'token' AS token FROM notification_outbox WHERE template = 'STAFF_INVITATION'`)).rows[0].token,
  );
  await call('mutation R($t: String!) { resetPassword(input: { token: $t, newPassword: "bench passphrase for staff" }) { userErrors { code } } }', { t: invitation });
  const login = await call('mutation { login(input: { identifier: "bench-staff@norwalk.example", password: "bench passphrase for staff" }) { session { accessToken } } }');
  return login.login.session.accessToken;
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
