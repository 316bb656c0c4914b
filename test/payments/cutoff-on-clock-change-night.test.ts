import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { cardToken, newKey, pay } from './payments-api';

/*
 * A city whose posting cutoff falls in the hour its clocks repeat. Norman (America/Chicago) cuts off at 1:30 AM; on
 * Sunday 1 November 2026 its clocks go from 1:59 AM daylight time back to 1:00 AM standard time, so 1:15 AM comes
 * twice, the second time 45 minutes after the cutoff passed. A payment made then is after the cutoff, as one made
 * before it at 1:45 AM daylight time: it posts the same day, not a day before the payment made earlier.
 */
const clock = new FixedClock(new Date('2026-11-01T06:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
  const { updateTenant } = await platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation { updateTenant(slug: "norman", input: { paymentRules: { postingCutoffLocalTime: "01:30" } }) { userErrors { field code } } }',
  );
  expect(updateTenant.userErrors).toEqual([]);
});
afterAll(() => platform.close());

let nextAddress = 1;
async function postingDateOfPaymentAt(instant: string): Promise<string> {
  clock.set(new Date(instant));
  const result = await pay(platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': `198.18.1.${nextAddress++}` }), {
    idempotencyKey: newKey('fall-back'),
    allocations: [{ accountNumber: '2001-0417', lastPaymentAmount: '100.65', amount: '5.00' }],
    token: await cardToken(platform),
    payerEmail: 'fall-back@example.com',
  });
  expect(result.userErrors).toEqual([]);
  return result.payment!.expectedPostingDate;
}

it('a payment at 1:15 AM standard time, after the 1:30 AM cutoff passed in daylight time, posts with those made after it', async () => {
  expect(await postingDateOfPaymentAt('2026-11-01T06:15:00Z')).toBe('2026-11-02'); // 1:15 AM CDT: before the cutoff
  expect(await postingDateOfPaymentAt('2026-11-01T06:45:00Z')).toBe('2026-11-03'); // 1:45 AM CDT: after it
  expect(await postingDateOfPaymentAt('2026-11-01T07:15:00Z')).toBe('2026-11-03'); // 1:15 AM CST, 30 minutes later
  expect(await postingDateOfPaymentAt('2026-11-01T07:45:00Z')).toBe('2026-11-03'); // 1:45 AM CST
});
