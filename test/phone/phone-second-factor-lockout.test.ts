import { FixedClock } from '@platform/testkit';
import { LOOKUP, platformForFile } from '../billing/billing-api';
import { addressSource } from '../customers/burst';
import { NORMAN_LINE, PhoneCall } from './phone-call';

/*
 * A Norman holder calls the pay-by-phone line on a Monday at noon, while a stranger's five wrong last-payment amounts
 * on the web have locked her account for the quarter-hour. The line said "Too many attempts have been made. Please
 * try again later. Goodbye." and hung up: on the web she is told whom to call, by phone she was told nothing, though
 * customer service, open then, could take her payment. Now a caller refused by the account's second-factor lockout is
 * told so and put through to customer service while it is open (its hours when it is not), as one refused by the
 * account's declines is.
 */
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformForFile({ clock, trustProxy: true });
const stranger = addressSource('10.81');
const NORMAN_CUSTOMER_SERVICE = '+14052177739';

beforeAll(async () => {
  for (let i = 0; i < 5; i++) {
    const answer = await env.platform.client
      .asTenant('norman')
      .withHeaders({ 'x-forwarded-for': stranger() })
      .request(LOOKUP, { input: { accountNumber: '2001-0417', lastPaymentAmount: `${50 + i}.00` } });
    expect(answer.errors).toBeUndefined();
  }
});

it("puts a caller refused by the account's second-factor lockout through to customer service while it is open", async () => {
  const call = new PhoneCall(env.platform, NORMAN_LINE);
  await call.dial();
  await call.press('20010417');
  const refused = await call.press('10065');
  expect(refused.said[0]).toBe('Too many wrong answers were given for this account. For your security it is locked for now.');
  expect(refused.dials).toBe(NORMAN_CUSTOMER_SERVICE);
});

it('tells a caller refused so after hours when customer service opens', async () => {
  clock.set(new Date('2026-11-24T03:00:00Z'));
  for (let i = 0; i < 5; i++) {
    await env.platform.client
      .asTenant('norman')
      .withHeaders({ 'x-forwarded-for': stranger() })
      .request(LOOKUP, { input: { accountNumber: '2001-0417', lastPaymentAmount: `${60 + i}.00` } });
  }
  const call = new PhoneCall(env.platform, NORMAN_LINE);
  await call.dial();
  await call.press('20010417');
  const refused = await call.press('10065');
  expect(refused.dials).toBeNull();
  expect(refused.text).toContain('Too many wrong answers were given for this account.');
  expect(refused.text).toMatch(/Customer service is available Monday to Friday, 8:00\sAM to 5:00\sPM/);
  expect(refused.hangsUp).toBe(true);
});
