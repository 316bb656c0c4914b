import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { NORWALK_LINE, PhoneCall, callNorwalkToConfirm, callPayments } from './phone-call';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * A caller whose amount due is more than the city takes in one payment
 * (paymentRules.maxPaymentAmount) is told the maximum when choosing "pay the
 * amount due", before keying a card that would be refused, and asked for an
 * amount to pay now: it was sent to key its card for the whole amount, refused,
 * and offered only the same refused amount again, so it could pay nothing.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ jobs: false });
});
afterAll(() => platform.close());

const setMax = (maxPaymentAmount: string) => changeCitySettings(platform, 'norwalk', { paymentRules: { maxPaymentAmount } });

/** The caller keys an amount (cents), then a card, and confirms: the call's one payment is captured. */
async function paysPartByCard(call: PhoneCall, cents: string): Promise<void> {
  await call.press(cents);
  await call.chooseCard();
  expect(call.last?.pay).toBe(true);
  await call.payWith(SANDBOX_TEST_CARDS.visa);
  await call.press('1');
  expect(await callPayments(platform, call)).toEqual([expect.objectContaining({ status: 'CAPTURED' })]);
}

it('tells a caller whose amount due is over the city maximum so before any card, and lets them pay a part', async () => {
  await setMax('5.00');
  try {
    const call = new PhoneCall(platform, NORWALK_LINE);
    await call.dial();
    await call.press('1');
    const summary = await call.press('10100100');
    expect(summary.text).toMatch(/the amount due is \$\d+\.\d{2}/);
    const chosen = await call.press('1');
    expect({ pay: chosen.pay, said: chosen.text }).toEqual({ pay: false, said: expect.stringContaining('The most you can pay at once is $5.00.') });
    // Asked for an amount, the caller pays $3.00 of it.
    await paysPartByCard(call, '300');
  } finally {
    await setMax('10000.00');
  }
}, 60_000);

it('asks a caller refused for the amount (the city lowered its maximum during the call) for another amount, not another card', async () => {
  const call = await callNorwalkToConfirm(platform, '900', SANDBOX_TEST_CARDS.visa, { account: '10100100' });
  await setMax('5.00');
  try {
    const refused = await call.press('1');
    expect({ pay: refused.pay, said: refused.text }).toEqual({ pay: false, said: expect.stringContaining('Enter the amount to pay in dollars and cents') });
    expect(refused.text).toContain('$5.00');
    await paysPartByCard(call, '400');
  } finally {
    await setMax('10000.00');
  }
}, 60_000);
