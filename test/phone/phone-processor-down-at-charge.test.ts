import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { callNorwalkToConfirm, callPayments, NORWALK_CUSTOMER_SERVICE } from './phone-call';

/*
 * A card the pay connector took, confirmed while the processor's API does not answer: payments refuses with
 * PROCESSOR_UNAVAILABLE, nothing charged. The line took that refusal for the card's, "To try a different card, press
 * 1": the caller keyed card after card into a processor that answers none, each counted against the call's cards,
 * never told to try later or put through to a person. It is no card's fault, as the connector failing is not: the
 * caller hears that nothing was charged and to try later, and is put through to customer service (Norwalk publishes
 * no hours: always), and the call is counted among those turned away for cards being unavailable.
 */

let platform: TestPlatform;
beforeAll(async () => {
  // An address nothing listens at: the gateway's processor calls are refused at once, so the outcome is UNKNOWN.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  platform = await startTestPlatform({ gatewayProcessorUrl: `http://127.0.0.1:${port}`, processorTimeoutMs: 1000 });
}, 120_000);
afterAll(() => platform.close());

it('tells a caller whose card could not be charged because the processor did not answer that nothing was charged and to try later, and puts them through; no other card asked for', async () => {
  const call = await callNorwalkToConfirm(platform, '2500');
  const heard = await call.press('1');
  expect({ said: heard.said, asksForACard: heard.pay, dials: heard.dials }).toEqual({
    said: ['We cannot take card payments right now, and nothing was charged. Please try again later.', 'Please hold while we transfer you to customer service.'],
    asksForACard: false,
    dials: NORWALK_CUSTOMER_SERVICE,
  });
  expect(await callPayments(platform, call)).toEqual([]);
  expect(await tenantRows(platform, 'norwalk', 'SELECT outcome, cards_unavailable FROM phone_calls WHERE call_sid = $1', [call.sid])).toEqual([{ outcome: 'TRANSFERRED', cards_unavailable: true }]);
});

it('says so in Spanish', async () => {
  const call = await callNorwalkToConfirm(platform, '2500', undefined, { language: 'es' });
  const heard = await call.press('1');
  expect(heard.said[0]).toBe('No podemos aceptar pagos con tarjeta en este momento, y no se cobró nada. Por favor, intente de nuevo más tarde.');
  expect(heard.dials).toBe(NORWALK_CUSTOMER_SERVICE);
});
