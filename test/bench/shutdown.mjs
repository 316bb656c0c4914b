// pnpm bench (part 11): graceful shutdown under load. A gateway process (the
// built main.js, JOBS_ENABLED=false, as in production) takes guest payments
// from concurrent clients; SIGTERM arrives mid-load. Counted: the requests in
// flight at that instant and how each ended (every one should complete), the
// requests served during the grace period, the ones refused once the listener
// stopped (clients would have moved to another gateway), any other error, and
// the time from SIGTERM to the process's exit.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '@platform/core';
import db from '@platform/db';
import { openBenchDatabase } from './bench-database.mjs';
import gatewayPackage from '@platform/gateway';
import sandboxPackage from '@platform/processor-sandbox';

const { withClient } = db;
const { loadConfig } = gatewayPackage;
const { startSandboxProcessor, createSandboxToken } = sandboxPackage;

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const LOAD_MS = Number(process.env.BENCH_LOAD_MS ?? 2000);
const GRACE_MS = Number(process.env.BENCH_GRACE_MS ?? 500);
const ACCOUNTS = 200;
const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../services/gateway/dist/main.js');
const MUTATION = 'mutation Pay($input: MakePaymentInput!) { makePayment(input: $input) { payment { status } userErrors { code } } }';

async function main() {
  const database = await openBenchDatabase('shutdown');
  const config = loadConfig({});
  const sandbox = await startSandboxProcessor({ port: 0, secretKey: config.processor.secretKey, clock: systemClock });
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: database.settings.adminUrl,
      DATABASE_NAME: database.settings.databaseName,
      PROCESSOR_URL: sandbox.url,
      PROCESSOR_SECRET_KEY: config.processor.secretKey,
      DEMO_DATA: 'true',
      JOBS_ENABLED: 'false',
      TRUST_PROXY: 'true',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })));
  try {
    const url = await new Promise((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /GraphQL \(HTTP and WebSocket\): (http:\/\/\S+\/graphql)/.exec(output);
        if (match) resolve(match[1]);
      });
      void exited.then(() => reject(new Error(`the gateway exited before listening:\n${output}`)));
    });
    const numbers = Array.from({ length: ACCOUNTS }, (_, i) => `S${String(i).padStart(6, '0')}`);
    const superuserUrl = new URL(database.settings.adminUrl);
    superuserUrl.pathname = `/${database.settings.databaseName}`;
    await withClient(superuserUrl.toString(), (client) =>
      client.query(
        `INSERT INTO service_accounts (tenant_id, id, account_number, account_key, customer_name, address_line1, city, region, postal_code, status, opened_on, created_at)
         SELECT t.id, gen_random_uuid(), n, n, 'Bench Payer', '1 Bench St', 'Norwalk', 'CA', '90650', 'ACTIVE', '2020-01-01', now()
           FROM tenants t, unnest($1::text[]) AS n WHERE t.slug = 'norwalk'`,
        [numbers],
      ),
    );
    // Tokens made ahead, outside the measured calls, as a browser would before paying.
    const tokens = [];
    for (let i = 0; i < CONCURRENCY * 80; i++) tokens.push(await createSandboxToken(sandbox.url, { number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123', postalCode: '90650' }));

    const counts = { completedBeforeSignal: 0, inFlightAtSignal: 0, inFlightCompleted: 0, inFlightFailed: 0, sentAfterSignalServed: 0, refusedAfterListenerStopped: 0, otherErrors: 0 };
    const errors = new Map();
    let signalledAt = null;
    let next = 0;
    const inFlight = new Set();
    const client = async (c) => {
      for (;;) {
        const n = next++;
        if (n >= tokens.length) return;
        const request = { sentAfterSignal: signalledAt !== null, wasInFlightAtSignal: false };
        inFlight.add(request);
        let outcome;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk', 'x-forwarded-for': `10.9.${c}.${n % 250}` },
            body: JSON.stringify({
              query: MUTATION,
              variables: { input: { idempotencyKey: `shutdown-${n}`, allocations: [{ accountNumber: numbers[n % ACCOUNTS], amount: '3.21' }], token: tokens[n], payerEmail: 'bench@example.com' } },
            }),
          });
          const body = await response.json();
          const paid = response.status === 200 && body.data?.makePayment?.payment?.status === 'CAPTURED';
          outcome = paid ? 'ok' : `HTTP ${response.status} ${JSON.stringify(body.errors?.[0]?.extensions?.code ?? body.data?.makePayment?.userErrors ?? body.errors?.[0]?.message)}`;
        } catch (error) {
          const code = error.cause?.code ?? error.code ?? error.message;
          outcome = code === 'ECONNREFUSED' ? 'refused' : `network ${code}`;
        }
        inFlight.delete(request);
        if (request.wasInFlightAtSignal) {
          if (outcome === 'ok') counts.inFlightCompleted++;
          else counts.inFlightFailed++;
        } else if (!request.sentAfterSignal && outcome === 'ok') counts.completedBeforeSignal++;
        else if (request.sentAfterSignal && outcome === 'ok') counts.sentAfterSignalServed++;
        else if (request.sentAfterSignal && outcome === 'refused') {
          counts.refusedAfterListenerStopped++;
          // Refused: the load balancer would send this client to another gateway; here it stops.
          return;
        }
        if (outcome !== 'ok' && outcome !== 'refused') {
          if (!request.wasInFlightAtSignal) counts.otherErrors++;
          errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
        }
      }
    };
    const clients = Array.from({ length: CONCURRENCY }, (_, c) => client(c));
    // Warm first (at least two payments per client done), then LOAD_MS of steady load.
    while (counts.completedBeforeSignal < CONCURRENCY * 2) await new Promise((resolve) => setTimeout(resolve, 20));
    const steadyFrom = counts.completedBeforeSignal;
    await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
    signalledAt = performance.now();
    for (const request of inFlight) request.wasInFlightAtSignal = true;
    counts.inFlightAtSignal = inFlight.size;
    child.kill('SIGTERM');
    await Promise.all(clients);
    const exit = await exited;
    const rate = (counts.completedBeforeSignal - steadyFrom) / (LOAD_MS / 1000);
    process.stdout.write(
      [
        `Shutdown under load (${CONCURRENCY} concurrent clients paying, SIGTERM after ${LOAD_MS} ms of steady load, SHUTDOWN_GRACE_MS=${GRACE_MS})`,
        `  before SIGTERM: ${counts.completedBeforeSignal} payments (${rate.toFixed(0)}/s steady)`,
        `  in flight at SIGTERM: ${counts.inFlightAtSignal}; completed ${counts.inFlightCompleted}, failed ${counts.inFlightFailed}`,
        `  sent after SIGTERM and served (grace period): ${counts.sentAfterSignalServed}`,
        `  refused once the listener stopped (a balancer retries elsewhere): ${counts.refusedAfterListenerStopped}`,
        `  other errors: ${counts.otherErrors}${errors.size ? ` ${JSON.stringify(Object.fromEntries(errors))}` : ''}`,
        `  SIGTERM to exit: ${(exit.at - signalledAt).toFixed(0)} ms (exit code ${exit.code ?? exit.signal})`,
        '',
      ].join('\n'),
    );
    if (counts.inFlightFailed > 0 || exit.code !== 0) process.exitCode = 1;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await sandbox.close();
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
