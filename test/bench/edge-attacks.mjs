// pnpm bench (part 6): how long a well-behaved client waits while the edge is
// attacked. One gateway (its default limits) on a real PostgreSQL; a client
// asks for its city over HTTP, one request after another, through each phase:
// no attack; the fragment bomb sent back to back; a guest's 1,000
// subscriptions on one socket (the issue's flood), then on ten sockets at
// once; 20 MB WebSocket messages sent back to back. Each attacker is one
// client in a worker thread (its own event loop, so it never delays the
// measuring client's timing); the measuring client shares the gateway's
// process, as in the other benchmarks. Goal: p99 under 100 ms in every phase.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import sandboxPackage from '@platform/processor-sandbox';
import WebSocket from 'ws';
import { startBenchPlatform } from './bench-platform.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const FLOOD_SUBSCRIPTIONS = 1000;
const PHASES = [
  { name: 'none' },
  { name: 'fragment bomb', kind: 'fragment-bomb' },
  { name: 'flood, 1 socket', kind: 'subscription-flood', sockets: 1 },
  { name: 'flood, 10 sockets', kind: 'subscription-flood', sockets: 10 },
  { name: '20 MB messages', kind: 'big-message' },
];

if (isMainThread) {
  main().catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
} else {
  attack(workerData).then((report) => parentPort.postMessage(report));
}

async function main() {
  const { createSandboxToken } = sandboxPackage;
  const platform = await startBenchPlatform('edge');
  const { config, sandbox } = platform;
  // The gateway's defaults: the limits under test are the ones a deployment gets.
  const gateway = await platform.startGateway({ maxRequestBytes: config.maxRequestBytes, queryLimits: config.queryLimits, webSocketLimits: config.webSocketLimits });
  try {
    // The flood follows a real guest payment, as the issue's attacker did: each accepted subscription stays open.
    const token = await createSandboxToken(sandbox.url, { number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123', postalCode: '90650' });
    const paid = await graphql(gateway.url, 'mutation P($input: MakePaymentInput!) { makePayment(input: $input) { payment { confirmationNumber } receiptToken } }', {
      input: { idempotencyKey: `bench-edge-${process.pid}`, allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }], token, payerEmail: 'bench@example.com' },
    });
    const payment = { confirmationNumber: paid.makePayment.payment.confirmationNumber, receiptToken: paid.makePayment.receiptToken };

    process.stdout.write(`\nedge attacks: a well-behaved client's { tenant { name } } over HTTP, ${SECONDS}s per phase (goal p99 < 100 ms)\n`);
    process.stdout.write("phase                    requests  p50 ms  p99 ms  max ms  failed  stall ms  attack (stall: the gateway event loop's longest delay)\n");
    for (const { name, kind, sockets } of PHASES) {
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const worker = kind ? new Worker(new URL(import.meta.url), { workerData: { kind, sockets, url: gateway.url, seconds: SECONDS, payment } }) : null;
      const reported = worker ? new Promise((resolve, reject) => (worker.once('message', resolve), worker.once('error', reject))) : Promise.resolve({ summary: '' });
      // Let the attack get going before measuring.
      if (worker) await new Promise((resolve) => setTimeout(resolve, 300));
      const client = await measure(gateway.url, SECONDS * 1000);
      loopDelay.disable();
      const { summary } = await reported;
      await worker?.terminate();
      const stall = (loopDelay.max / 1e6).toFixed(0);
      const line = `${name.padEnd(23)}  ${String(client.count).padStart(8)}  ${client.p50.toFixed(1).padStart(6)}  ${client.p99.toFixed(1).padStart(6)}  ${client.max.toFixed(1).padStart(6)}  ${String(client.failed).padStart(6)}  ${stall.padStart(8)}  ${summary}`;
      process.stdout.write(`${line}\n`);
    }
  } finally {
    await platform.close();
  }
}

/** One request after another for `durationMs`; latencies of the answers that came back right. */
async function measure(url, durationMs) {
  const latencies = [];
  let failed = 0;
  const deadline = performance.now() + durationMs;
  while (performance.now() < deadline) {
    const started = performance.now();
    try {
      const data = await graphql(url, '{ tenant { name } }');
      if (data?.tenant?.name === 'City of Norwalk') latencies.push(performance.now() - started);
      else failed++;
    } catch {
      failed++;
    }
  }
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { count: latencies.length, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? NaN, failed };
}

async function graphql(url, query, variables) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk' }, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  return body.data;
}

/* The attacker, in a worker thread. Each reports what the gateway did with its attempts. */

async function attack({ kind, sockets, url, seconds, payment }) {
  const deadline = Date.now() + seconds * 1000 + 300;
  if (kind === 'fragment-bomb') return fragmentBombs(url, deadline);
  if (kind === 'subscription-flood') return subscriptionFlood(url, deadline, payment, sockets);
  return bigMessages(url, deadline);
}

/** The issue's 1.2 KB query (eight levels of fragments, each spreading the next ten times), back to back. */
async function fragmentBombs(url, deadline) {
  const fragments = Array.from(
    { length: 8 },
    (_, i) =>
      `fragment Level${i + 1} on Tenant { ${i < 7 ? Array.from({ length: 10 }, () => `...Level${i + 2}`).join(' ') : 'name slug timezone paymentRules { maxPaymentAmount { amount formatted } }'} }`,
  );
  const body = JSON.stringify({ query: `query Bomb { tenant { ...Level1 } }\n${fragments.join('\n')}` });
  let refused = 0;
  let other = 0;
  while (Date.now() < deadline) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk' }, body });
    const { errors } = await response.json();
    if (/^Query Cost limit/.test(errors?.[0]?.message ?? '')) refused++;
    else other++;
  }
  return { summary: `${refused} bombs refused${other ? `, ${other} not` : ''}` };
}

/** Sockets of a guest, each sending 1,000 subscriptions to its payment at once and holding what the gateway accepts. */
async function subscriptionFlood(url, deadline, payment, count) {
  let accepted = 0;
  let refused = 0;
  let closedByGateway = 0;
  const sockets = [];
  const query = 'subscription S($c: String, $t: String) { paymentUpdated(confirmationNumber: $c, receiptToken: $t) { status } }';
  for (let s = 0; s < count; s++) {
    const socket = await protocolSocket(url);
    sockets.push(socket);
    socket.once('close', (code) => (closedByGateway += code === 1008 ? 1 : 0));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { tenant: 'norwalk' } }));
    await new Promise((resolve) => socket.once('message', resolve));
    const seen = new Set();
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      if (seen.has(message.id)) return;
      seen.add(message.id);
      if (message.type === 'next') accepted++;
      else if (message.type === 'error') refused++;
    });
    for (let i = 0; i < FLOOD_SUBSCRIPTIONS; i++) {
      socket.send(JSON.stringify({ id: `${s}-${i}`, type: 'subscribe', payload: { query, variables: { c: payment.confirmationNumber, t: payment.receiptToken } } }));
    }
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())));
  for (const socket of sockets) socket.close();
  return { summary: `${count} x ${FLOOD_SUBSCRIPTIONS} subscriptions: ${accepted} answered, ${refused} refused, ${closedByGateway} of ${count} sockets closed for flooding (1008)` };
}

/** A 20 MB connection_init on a new socket, again and again. */
async function bigMessages(url, deadline) {
  const message = JSON.stringify({ type: 'connection_init', payload: { tenant: 'norwalk', pad: 'x'.repeat(20 * 1024 * 1024) } });
  const codes = new Map();
  while (Date.now() < deadline) {
    const socket = await protocolSocket(url);
    const code = await new Promise((resolve) => {
      socket.once('close', resolve);
      socket.send(message);
    });
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  return { summary: [...codes].map(([code, count]) => `${count} sockets closed with ${code}`).join(', ') };
}

function protocolSocket(url) {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}
