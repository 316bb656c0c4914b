import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { callNorwalkToCard, callPayments, NORWALK_CUSTOMER_SERVICE } from './phone-call';

/*
 * Every `<Pay>` sends what the caller keys to the processor's connector. A
 * call asked for a card again after each one `<Pay>` could not read or the
 * processor refused, and after each "use a different card" at the
 * confirmation, for ever: one call held the city's toll-free line as long as
 * it liked, and sent the processor card after card without paying anything,
 * which is how stolen card numbers are tested (the payments' card-testing
 * limits count declined charges, and no charge was ever made). A call now
 * takes six cards (one more than the card-testing
 * limits' five declines); then the caller hears that the call can take no other
 * and is put through to customer service (Norwalk publishes no hours: always
 * put through), or told its hours.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform.close());

const NO_MORE_CARDS = ['We cannot take another card on this call. Nothing was charged.', 'Please hold while we transfer you to customer service.'];

const outcomeOf = async (sid: string) => (await tenantRows<{ outcome: string }>(platform, 'norwalk', 'SELECT outcome FROM phone_calls WHERE call_sid = $1', [sid]))[0]?.outcome;

it('puts a caller whose cards fail six times through to customer service instead of asking for a seventh', async () => {
  const call = await callNorwalkToCard(platform, '2500');
  for (let card = 1; card < 6; card++) {
    expect((await call.payCallback({ Result: 'too-many-failed-attempts', PaymentError: 'invalid-card-number' })).said[0]).toBe('We could not read that card.');
    expect((await call.press('1')).pay).toBe(true);
  }
  expect((await call.payCallback({ Result: 'too-many-failed-attempts', PaymentError: 'invalid-card-number' })).said[0]).toBe('We could not read that card.');
  const seventh = await call.press('1');
  expect({ said: seventh.said, asksForACard: seventh.pay, dials: seventh.dials }).toEqual({ said: NO_MORE_CARDS, asksForACard: false, dials: NORWALK_CUSTOMER_SERVICE });
  expect(await outcomeOf(call.sid)).toBe('TRANSFERRED');
});

it('does not let a caller send card after card to the processor by asking for a different card at each confirmation', async () => {
  const call = await callNorwalkToCard(platform, '2500');
  for (let card = 1; card < 6; card++) {
    expect((await call.payWith(SANDBOX_TEST_CARDS.visa)).text).toContain('To use a different card, press 2.');
    expect((await call.press('2')).pay).toBe(true);
  }
  expect((await call.payWith(SANDBOX_TEST_CARDS.visa)).text).toContain('You are paying $25.00');
  const seventh = await call.press('2');
  expect({ said: seventh.said, asksForACard: seventh.pay, dials: seventh.dials }).toEqual({ said: NO_MORE_CARDS, asksForACard: false, dials: NORWALK_CUSTOMER_SERVICE });
  expect(await callPayments(platform, call)).toEqual([]);
});

it('still lets the sixth card pay', async () => {
  const call = await callNorwalkToCard(platform, '2500');
  for (let card = 1; card < 6; card++) {
    await call.payCallback({ Result: 'caller-interrupted-with-star' });
    expect((await call.press('1')).pay).toBe(true);
  }
  await call.payWith(SANDBOX_TEST_CARDS.visa);
  expect((await call.press('1')).text).toContain('Your payment of $25.00 was accepted.');
  expect(await callPayments(platform, call)).toEqual([expect.objectContaining({ status: 'CAPTURED' })]);
});
