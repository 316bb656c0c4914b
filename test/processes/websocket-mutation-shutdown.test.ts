import { GraphQLTestClient, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { cardToken, MAKE_PAYMENT, newKey, processorCharges } from '../payments/payments-api';
import { eventually, killLeftoverProcesses, startGatewayProcess } from './platform-process';

/*
 * graphql-ws runs queries and mutations as well as subscriptions, and the gateway takes them (a city's own front end,
 * or an app, may send every operation over its one socket). On SIGTERM the README promises "requests in flight
 * finish" before the pools close. An HTTP mutation in flight is waited for (graceful-shutdown.test.ts); one sent over a
 * WebSocket was not: the socket was closed with 1012, nothing waited for the mutation, the database pool was destroyed
 * under it, and the process exited 0 while the payment it charged was still PENDING. Closing the socket is still
 * right (its client retries elsewhere by idempotency key and gets this answer); the gateway now waits for the mutation.
 */

let platform: TestPlatform;
beforeAll(async () => {
  // The sandbox takes a 13.13 charge at once and answers 2.5 s later; the gateway waits up to 4 s, so it is answered.
  platform = await startTestPlatform({ sandboxHangMs: 2500 });
});
afterAll(async () => {
  await killLeftoverProcesses();
  await platform.close();
});

it('SIGTERM while a payment sent over a WebSocket is with the processor: the gateway records its outcome before it exits', async () => {
  const gateway = await startGatewayProcess(platform, { JOBS_ENABLED: 'false', PROCESSOR_TIMEOUT_MS: '4000' });
  const client = new GraphQLTestClient(gateway.url!).asTenant('norwalk');
  const socket = client.openSocket();
  const key = newKey('ws-drain');
  const paying = socket.subscribe(MAKE_PAYMENT, {
    input: { idempotencyKey: key, allocations: [{ accountNumber: '10-1001-00', amount: '13.13' }], token: await cardToken(platform), payerEmail: 'ws-drain@example.com' },
  });
  // In flight once the processor has the charge (made at once, answered 2.5 s later).
  await eventually(
    async () => (await processorCharges(platform)).filter((charge) => charge.amount === '1313').length,
    (n) => n === 1,
    10_000,
  );
  gateway.child.kill('SIGTERM');
  const exit = await gateway.exited;
  await paying.next(5000).catch(() => null);

  const [payment] = await tenantRows<{ status: string }>(platform, 'norwalk', `SELECT status FROM payments WHERE idempotency_key = $1`, [key]);
  // The card was charged and the processor answered within the gateway's wait: the payment says so, as over HTTP.
  expect({ exit, status: payment?.status }).toEqual({ exit: { code: 0, signal: null }, status: 'CAPTURED' });
  await socket.close();
}, 60_000);
