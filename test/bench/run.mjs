// pnpm bench: throughput and latency of the gateway, measured against a real
// PostgreSQL (embedded unless DATABASE_URL is set). The load generator runs in
// this same process, so on a 2-core machine it competes with the gateway: the
// numbers are a floor, comparable between runs on the same machine.
import http from 'node:http';
import { startBenchPlatform } from './bench-platform.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);

async function main() {
  const platform = await startBenchPlatform('gateway', { poolSize: 20 });
  const gateway = await platform.startGateway();

  try {
    const body = JSON.stringify({ query: '{ tenant { name timezone paymentRules { posting { description } } } }' });
    process.stdout.write(`tenant query over HTTP (x-tenant: norwalk), ${SECONDS}s per level\n`);
    process.stdout.write('clients  requests/s  p50 ms  p99 ms  errors\n');
    for (const clients of LEVELS) {
      const result = await load(gateway.url, body, clients, SECONDS * 1000);
      process.stdout.write(
        `${String(clients).padStart(7)}  ${result.rps.toFixed(0).padStart(10)}  ${result.p50.toFixed(2).padStart(6)}  ${result.p99.toFixed(2).padStart(6)}  ${String(result.errors).padStart(6)}\n`,
      );
    }
    process.stdout.write(`gateway process RSS: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB (includes the load generator)\n`);
  } finally {
    await platform.close();
  }
}

async function load(url, body, clients, durationMs) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const target = new URL(url);
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + durationMs;
  const once = () =>
    new Promise((resolve) => {
      const started = performance.now();
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk' } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - started);
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
  const worker = async () => {
    while (performance.now() < deadline) await once();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
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
