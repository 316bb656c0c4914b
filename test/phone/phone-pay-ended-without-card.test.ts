import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { callNorwalkToCard, PhoneCall, NORWALK_CUSTOMER_SERVICE } from './phone-call';

/*
 * `<Pay>` ends without a card for reasons Twilio's action reports in
 * `Result`. The line answered every one with "We could not read that card."
 * and asked for a card again, even when the processor behind the pay
 * connector was down: the caller keyed card after card, each refused the
 * same way, and never heard to try later. Now only what the caller can fix
 * (keys `<Pay>` could not read, a `*`, a card the processor refused) asks for
 * a card again, each said as it is; a processor that does not answer, or
 * `<Pay>` failing on its side, tells the caller nothing was charged and to
 * try later, and puts them through to customer service (Norwalk publishes no
 * hours: it is always put through).
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform.close());

const callRow = async (sid: string) =>
  (await tenantRows<{ outcome: string; ended_at_step: string | null }>(platform, 'norwalk', 'SELECT outcome, ended_at_step FROM phone_calls WHERE call_sid = $1', [sid]))[0];
const payments = (call: PhoneCall) => tenantRows(platform, 'norwalk', 'SELECT id FROM payments WHERE idempotency_key LIKE $1', [`phone:${call.sid}:%`]);

it('tells a caller whose processor is not answering that nothing was charged and to try later, and puts them through instead of asking for a card again', async () => {
  for (const result of <Record<string, string>[]>[{ Result: 'payment-connector-error' }, { Result: 'internal-error' }, { Result: 'validation-error', PaymentError: 'chargeAmount' }]) {
    const call = await callNorwalkToCard(platform, '2500');
    const heard = await call.payCallback(result);
    expect({ said: heard.said, asksForACard: heard.pay, dials: heard.dials }).toEqual({
      said: ['We cannot take card payments right now, and nothing was charged. Please try again later.', 'Please hold while we transfer you to customer service.'],
      asksForACard: false,
      dials: NORWALK_CUSTOMER_SERVICE,
    });
    expect(await callRow(call.sid)).toEqual({ outcome: 'TRANSFERRED', ended_at_step: null });
    expect(await payments(call)).toEqual([]);
  }
});

it('says so in Spanish', async () => {
  const call = await callNorwalkToCard(platform, '2500', { language: 'es' });
  expect(call.last?.pay).toBe(true);
  const heard = await call.payCallback({ Result: 'payment-connector-error' });
  expect(heard.said[0]).toBe('No podemos aceptar pagos con tarjeta en este momento, y no se cobró nada. Por favor, intente de nuevo más tarde.');
  expect(heard.dials).toBe(NORWALK_CUSTOMER_SERVICE);
});

it('offers the card again, saying why, for what the caller can fix: keys not read, a star, a card the processor refused', async () => {
  const cases = [
    [{ Result: 'too-many-failed-attempts', PaymentError: 'invalid-card-number' }, 'We could not read that card.'],
    [{ Result: 'caller-interrupted-with-star' }, 'You stopped entering your card. Nothing was charged.'],
    [
      { Result: 'payment-connector-error', ConnectorError: 'invalid_number', PaymentError: 'The card number is not valid.' },
      'That card number is not valid. Nothing was charged. Check the number on your card and enter it again, or use another card.',
    ],
  ] as const;
  for (const [result, why] of cases) {
    const call = await callNorwalkToCard(platform, '2500');
    const heard = await call.payCallback(result);
    expect(heard.said).toEqual([why, 'To enter a card again, press 1. To end the call, press 3.', 'To speak with customer service, press 0.']);
    expect((await call.press('1')).pay).toBe(true);
  }
});

it('records a caller who hung up during <Pay> as abandoned at the card, not as a card that failed', async () => {
  const call = await callNorwalkToCard(platform, '2500');
  const heard = await call.payCallback({ Result: 'caller-hung-up' });
  expect({ said: heard.said, hangsUp: heard.hangsUp }).toEqual({ said: [], hangsUp: true });
  expect(await call.hangUp()).toBe(204);
  expect(await callRow(call.sid)).toEqual({ outcome: 'ABANDONED', ended_at_step: 'CARD' });
});
