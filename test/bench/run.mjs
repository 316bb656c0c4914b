// pnpm bench: throughput and latency of the gateway, measured against a real
// PostgreSQL (embedded unless DATABASE_URL is set). The load generator runs in
// this same process, so on a 2-core machine it competes with the gateway: the
// numbers are a floor, comparable between runs on the same machine.
import { postLoad } from './http-load.mjs';
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
      const result = await postLoad({ url: gateway.url, clients, durationMs: SECONDS * 1000, request: () => ({ body, headers: { 'x-tenant': 'norwalk' } }) });
      process.stdout.write(
        `${String(clients).padStart(7)}  ${result.rps.toFixed(0).padStart(10)}  ${result.p50.toFixed(2).padStart(6)}  ${result.p99.toFixed(2).padStart(6)}  ${String(result.errors).padStart(6)}\n`,
      );
    }
    process.stdout.write(`gateway process RSS: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB (includes the load generator)\n`);
  } finally {
    await platform.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
