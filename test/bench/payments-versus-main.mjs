// pnpm bench (issue 17): guest makePayment (card, sandbox over HTTP) at 32
// clients, this checkout against the baseline commit measured in the same run.
// The baseline is checked out into a temporary folder and built (or taken from
// BENCH_BASELINE_ROOT, already built). Each side runs as its own process
// (payment-server.mjs) on its own embedded PostgreSQL; the load generator here
// aims at one side at a time, alternating sides over BENCH_ROUNDS rounds, and
// prints medians: one city alone, then two cities together (the same 32
// clients split between them), with the CPU time each side's processes spent
// per payment (on a shared machine a steadier comparison than payments per
// second). Afterwards each side reports duplicate charges and whether every
// captured payment's events reached a subscriber exactly once.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { paymentCaptured, postLoad } from './http-load.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const BASELINE = process.env.BENCH_BASELINE_COMMIT ?? '759c3c7';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const ACCOUNTS = 500;

function baselineRoot() {
  if (process.env.BENCH_BASELINE_ROOT) return process.env.BENCH_BASELINE_ROOT;
  const dir = mkdtempSync(path.join(os.tmpdir(), `baseline-${BASELINE}-`));
  process.stdout.write(`building the baseline ${BASELINE} in ${dir}\n`);
  execFileSync('sh', ['-c', `git -C "${root}" archive ${BASELINE} | tar -x -C "${dir}"`], { stdio: 'inherit' });
  // From the store when it holds the baseline's packages; on a fresh machine it does not, and the registry serves them.
  try {
    execFileSync('pnpm', ['install', '--frozen-lockfile', '--offline'], { cwd: dir, stdio: 'ignore' });
  } catch {
    execFileSync('pnpm', ['install', '--frozen-lockfile'], { cwd: dir, stdio: 'ignore' });
  }
  execFileSync('pnpm', ['exec', 'tsc', '-b', 'tsconfig.json'], { cwd: dir, stdio: 'inherit' });
  return dir;
}

/** Starts one side and resolves once it serves. */
function startSide(label, sideRoot) {
  if (!existsSync(path.join(sideRoot, 'services/gateway/dist'))) throw new Error(`${sideRoot} is not built`);
  const child = spawn(process.execPath, [path.join(here, 'payment-server.mjs'), sideRoot, label], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => {
    if (!line.startsWith('{')) return;
    waiting.shift()?.(JSON.parse(line));
  });
  const next = () => new Promise((resolve) => waiting.push(resolve));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return next().then(({ ready }) => ({
    label,
    ...ready,
    async report() {
      child.stdin.write('report\n');
      return (await next()).report;
    },
    async cpu() {
      child.stdin.write('cpu\n');
      return (await next()).cpu;
    },
    async stop() {
      child.stdin.write('stop\n');
      await exited;
    },
  }));
}

const PAY = 'mutation Pay($input: MakePaymentInput!) { makePayment(input: $input) { payment { status } userErrors { code } } }';
const numbers = Array.from({ length: ACCOUNTS }, (_, i) => `P${String(i).padStart(6, '0')}`);
let sequence = 0;

async function token(sandboxUrl) {
  const response = await fetch(`${sandboxUrl}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123', postalCode: '90650' }),
  });
  return (await response.json()).token;
}

/** `CLIENTS` clients paying for `SECONDS`, spread over `cities`; tokens are made outside the timed call, as a browser does. */
async function load(side, cities) {
  const request = async (client) => {
    const n = sequence++;
    const input = {
      idempotencyKey: `bench-${process.pid}-${n}`,
      allocations: [{ accountNumber: numbers[n % ACCOUNTS], amount: '12.34' }],
      token: await token(side.sandboxUrl),
      payerEmail: 'bench@example.com',
    };
    // One address per client, as residents paying from their own homes (the per-address limits see many).
    const headers = { 'x-tenant': cities[client % cities.length], 'x-forwarded-for': `10.${client >> 8}.${client & 255}.1` };
    return { body: JSON.stringify({ query: PAY, variables: { input } }), headers };
  };
  return postLoad({ url: side.url, clients: CLIENTS, durationMs: SECONDS * 1000, request, succeeded: paymentCaptured });
}

/** A load run with the CPU time each side's processes spent per payment meanwhile (gateway with sandbox; database). */
async function measured(side, cities) {
  const before = await side.cpu();
  const started = performance.now();
  const run = await load(side, cities);
  const after = await side.cpu();
  const payments = (run.rps * (performance.now() - started)) / 1000;
  const perPayment = (key) => (after[key] === null || payments === 0 ? null : (after[key] - before[key]) / payments);
  return { ...run, gatewayCpu: perPayment('gateway'), databaseCpu: perPayment('database') };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const baseline = baselineRoot();
  // A baseline this run built goes away with it, however the run ends.
  if (!process.env.BENCH_BASELINE_ROOT) process.on('exit', () => rmSync(baseline, { recursive: true, force: true }));
  const sides = [await startSide('main', baseline), await startSide('branch', root)];
  const results = { main: { one: [], two: [] }, branch: { one: [], two: [] } };
  try {
    // A short warm-up on each side (JIT, pools, plans), not counted.
    for (const side of sides) await load(side, ['norwalk']).catch(() => undefined);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        results[side.label].one.push(await measured(side, ['norwalk']));
        results[side.label].two.push(await measured(side, ['norwalk', 'norman']));
      }
    }
    process.stdout.write(`\nguest makePayment, ${CLIENTS} clients, ${SECONDS}s per run, medians of ${ROUNDS} interleaved rounds (baseline ${BASELINE})\n`);
    process.stdout.write('side     cities  payments/s  p50 ms  p99 ms  errors  CPU ms per payment: gateway+sandbox  database\n');
    const summary = {};
    for (const side of sides) {
      for (const [key, cities] of [
        ['one', 'one'],
        ['two', 'two'],
      ]) {
        const runs = results[side.label][key];
        const row = {
          rps: median(runs.map((r) => r.rps)),
          p50: median(runs.map((r) => r.p50)),
          p99: median(runs.map((r) => r.p99)),
          errors: runs.reduce((sum, r) => sum + r.errors, 0),
          gatewayCpu: median(runs.map((r) => r.gatewayCpu)),
          databaseCpu: runs.some((r) => r.databaseCpu === null) ? null : median(runs.map((r) => r.databaseCpu)),
        };
        summary[`${side.label}.${key}`] = row;
        process.stdout.write(
          `${side.label.padEnd(7)}  ${cities.padStart(6)}  ${row.rps.toFixed(0).padStart(10)}  ${row.p50.toFixed(1).padStart(6)}  ${row.p99.toFixed(1).padStart(6)}  ${String(row.errors).padStart(6)}  ${row.gatewayCpu.toFixed(1).padStart(34)}  ${(row.databaseCpu?.toFixed(1) ?? '-').padStart(8)}\n`,
        );
      }
    }
    process.stdout.write(
      `one city, branch / main: ${(summary['branch.one'].rps / summary['main.one'].rps).toFixed(2)}x payments/s (target >= 4x); branch p99 ${summary['branch.one'].p99.toFixed(0)} ms (target < 150)\n`,
    );
    const cpu = (label) => summary[`${label}.one`].gatewayCpu + (summary[`${label}.one`].databaseCpu ?? 0);
    // CPU per payment moves far less with the machine's other load than payments per second do.
    process.stdout.write(`one city, CPU per payment, main / branch: ${(cpu('main') / cpu('branch')).toFixed(2)}x (gateway with sandbox, and database)\n`);
    for (const side of sides) {
      process.stdout.write(`${side.label}: one city alone / two cities together: ${((100 * summary[`${side.label}.one`].rps) / summary[`${side.label}.two`].rps).toFixed(0)}% (target >= 80%)\n`);
    }
    for (const side of sides) {
      const report = await side.report();
      process.stdout.write(
        `${side.label}: ${report.captured} captured, ${report.charges} charges, ${report.duplicateCharges} duplicate charges, ${report.paymentsWithDuplicateKey} duplicate payments; events exactly once for ${report.eventsExactlyOnce}, wrong for ${report.eventsWrong}, feed overflows ${report.overflows}\n` +
          `${side.label}: active database sessions of the gateway: ${report.waits.join(', ')}\n`,
      );
    }
  } finally {
    for (const side of sides) await side.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
