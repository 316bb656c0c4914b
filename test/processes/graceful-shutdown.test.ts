import { CLOSE_SERVICE_RESTART } from '@platform/gateway';
import { GraphQLTestClient, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { cardToken, MAKE_PAYMENT, newKey, pay, processorCharges, type MakePaymentResult } from '../payments/payments-api';
import { eventually, killLeftoverProcesses, startGatewayProcess, startWorkerProcess } from './platform-process';

/*
 * Issue 18 item 2: SIGTERM to a gateway process. Readiness says 503 at once
 * while requests are still served for the grace period; then every WebSocket
 * closes with 1012 (clients reconnect elsewhere and resume by cursor), the
 * listener stops, and a request in flight (a charge the processor is slow to
 * answer) still gets its answer before the process exits 0.
 */

const GRACE_MS = 1000;
// How long the gateway process waits for the processor: the slow payment is in flight this long from its charge, which
// SIGTERM follows at once, so it outlives the grace period by 750 ms.
const PROCESSOR_TIMEOUT_MS = GRACE_MS + 750;
let platform: TestPlatform;
beforeAll(async () => {
  // The sandbox hangs on 13.13 for 2.5 s, longer than the gateway process waits for it (PROCESSOR_TIMEOUT_MS).
  platform = await startTestPlatform({ processorTimeoutMs: 500, sandboxHangMs: 2500 });
});
afterAll(async () => {
  await killLeftoverProcesses();
  await platform.close();
});

async function readiness(base: string): Promise<{ status: number; body: unknown } | 'refused'> {
  try {
    const response = await fetch(`${base}/readyz`);
    return { status: response.status, body: await response.json() };
  } catch {
    return 'refused';
  }
}

it('on SIGTERM: not ready at once, serves through the grace period, closes sockets with 1012, finishes the request in flight, exits 0', async () => {
  const gateway = await startGatewayProcess(platform, { SHUTDOWN_GRACE_MS: String(GRACE_MS), PROCESSOR_TIMEOUT_MS: String(PROCESSOR_TIMEOUT_MS), JOBS_ENABLED: 'false' });
  const client = new GraphQLTestClient(gateway.url!).asTenant('norwalk');
  const base = gateway.url!.replace(/\/graphql$/, '');
  expect(await readiness(base)).toEqual({ status: 200, body: { status: 'ready' } });

  // A payer follows their payment live on this instance.
  const paid = await pay(client, {
    idempotencyKey: newKey('drain'),
    allocations: [{ accountNumber: '10-1001-00', amount: '2.00' }],
    token: await cardToken(platform),
    payerEmail: 'drain@example.com',
  });
  const socket = client.openSocket();
  const followed = socket.subscribe<{ paymentUpdated: { status: string } }>('subscription F($n: String, $t: String) { paymentUpdated(confirmationNumber: $n, receiptToken: $t) { status } }', {
    n: paid.payment!.confirmationNumber,
    t: paid.receiptToken,
  });
  expect((await followed.take(2)).map((event) => event.paymentUpdated.status)).toEqual(['PENDING', 'CAPTURED']);

  // A charge the processor takes its time over is in flight when SIGTERM arrives.
  const inFlight = client.request<{ makePayment: MakePaymentResult }>(MAKE_PAYMENT, {
    input: { idempotencyKey: newKey('drain-slow'), allocations: [{ accountNumber: '10-1001-00', amount: '13.13' }], token: await cardToken(platform), payerEmail: 'slow@example.com' },
  });
  // In flight once the processor has the charge (the sandbox records 13.13, then holds its answer).
  await eventually(
    async () => (await processorCharges(platform)).filter((charge) => charge.amount === '1313').length,
    (charges) => charges === 1,
    10_000,
  );
  const signalled = Date.now();
  gateway.child.kill('SIGTERM');

  // At once: not ready, yet still answering, for the load balancer to move traffic away.
  const notReady = await eventually(
    () => readiness(base),
    (value) => value !== 'refused' && value.status === 503,
    GRACE_MS / 2,
  );
  expect(notReady).toEqual({ status: 503, body: { status: 'not ready', reason: 'shutting down' } });
  expect((await client.data<{ tenant: { name: string } }>('{ tenant { name } }')).tenant.name).toBe('City of Norwalk');
  expect(socket.closes).toEqual([]);

  // After the grace period: the subscriber's socket closes with 1012, and nothing new is accepted.
  const closes = await eventually(
    () => socket.closes.map((close) => close.code),
    (codes) => codes.length > 0,
    GRACE_MS * 3,
  );
  expect(closes).toEqual([CLOSE_SERVICE_RESTART]);
  expect(Date.now() - signalled).toBeGreaterThanOrEqual(GRACE_MS - 50);

  // The request in flight got its whole answer.
  const answer = await inFlight;
  // It outlived the listener: answered after the grace period, when nothing new was accepted any more.
  expect(Date.now() - signalled).toBeGreaterThan(GRACE_MS);
  expect(answer.status).toBe(200);
  expect(answer.data?.makePayment.payment?.confirmationNumber).toMatch(/^\w{4}-\w{4}-\w{4}$/);

  expect(await gateway.exited).toEqual({ code: 0, signal: null });
  expect(await readiness(base)).toBe('refused');
  await socket.close();
});

it('a worker process (pnpm worker) refuses to start without DATABASE_URL, and stops on SIGTERM with code 0', async () => {
  // Started together: the one without a database stops before it would touch one, and each start is a whole process.
  const lost = startWorkerProcess(platform, { DATABASE_URL: undefined });
  const worker = startWorkerProcess(platform, { LOG_LEVEL: 'info' });
  expect(await lost.exited).toEqual({ code: 2, signal: null });
  expect(lost.output()).toContain('set DATABASE_URL');

  // A worker's start loads the whole platform: on a machine busy with other work that took over 15 s.
  await eventually(
    () => worker.output(),
    (output) => output.includes('worker running'),
    40_000,
  );
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toEqual({ code: 0, signal: null });
  expect(worker.output()).toContain('worker shutting down');
}, 60_000);
