// pnpm bench (part 3): guest payments per second through GraphQL (look-up
// by account number, processor call to the sandbox over HTTP, pending amount
// on the ledger, receipt), at several levels of concurrency. Tokens are made
// at the sandbox outside the timed call, as a browser would before paying.
import sandboxPackage from '@platform/processor-sandbox';
import { paymentCaptured, postLoad } from './http-load.mjs';
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
      const request = async (client) => {
        const n = sequence++;
        const token = await createSandboxToken(sandbox.url, { number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123', postalCode: '90650' });
        const input = { idempotencyKey: `bench-${process.pid}-${n}`, allocations: [{ accountNumber: numbers[n % ACCOUNTS], amount: '12.34' }], token, payerEmail: 'bench@example.com' };
        // One address per client, as residents paying from their own homes (the per-address limits see many).
        return { body: JSON.stringify({ query, variables: { input } }), headers: { 'x-tenant': 'norwalk', 'x-forwarded-for': `10.0.${client}.1` } };
      };
      const result = await postLoad({ url: gateway.url, clients, durationMs: SECONDS * 1000, request, succeeded: paymentCaptured });
      process.stdout.write(
        `${String(clients).padStart(7)}  ${result.rps.toFixed(0).padStart(10)}  ${result.p50.toFixed(1).padStart(6)}  ${result.p99.toFixed(1).padStart(6)}  ${String(result.errors).padStart(6)}\n`,
      );
    }
  } finally {
    await platform.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
