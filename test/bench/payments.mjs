// pnpm bench (part 3): guest payments per second through GraphQL (look-up
// by account number, processor call to the sandbox over HTTP, pending amount
// on the ledger, receipt), at several levels of concurrency. Tokens are made
// at the sandbox outside the timed call, as a browser would before paying.
import http from 'node:http';
import sandboxPackage from '@platform/processor-sandbox';
import { startBenchPlatform } from './bench-platform.mjs';

const { createSandboxToken } = sandboxPackage;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const ACCOUNTS = 500;

async function main() {
  const platform = await startBenchPlatform('pay', { poolSize: 20 });
  const { sandbox } = platform;
  const numbers = Array.from({ length: ACCOUNTS }, (_, i) => `P${String(i).padStart(6, '0')}`);
  await platform.addAccounts('norwalk', numbers, 'Bench Payer');
  const gateway = await platform.startGateway({ trustProxy: true });

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
    await platform.close();
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
