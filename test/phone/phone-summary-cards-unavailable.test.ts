import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { callNorwalkToCard, callNorwalkToConfirm, NORWALK_LINE, PhoneCall } from './phone-call';

/*
 * When the processor behind `<Pay>` or its connector fails, every caller
 * hears that no card can be taken now and is put through to customer service
 * (or told its hours). Staff reading phoneCallSummary saw those calls only as
 * transferred or ended, like a caller asking for a person or ending at a menu:
 * nothing there said the line had been turning payers away, and the only
 * trace was a log line. The summary now counts them (cardsUnavailable), on
 * top of how they ended.
 */

// A Monday, 10:00 in Norwalk.
const clock = new FixedClock(new Date('2026-03-16T17:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
}, 120_000);
afterAll(() => platform.close());

const SUMMARY = '{ phoneCallSummary { calls paid transferred ended cardsUnavailable } }';

it('counts for staff the calls turned away because no card could be taken, apart from callers who asked for a person', async () => {
  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  for (const result of <Record<string, string>[]>[{ Result: 'payment-connector-error', ConnectorError: 'invalid_credentials' }, { Result: 'internal-error' }]) {
    const call = await callNorwalkToCard(platform, '2500');
    expect((await call.payCallback(result)).dials).not.toBeNull();
  }
  const askedForAPerson = new PhoneCall(platform, NORWALK_LINE);
  await askedForAPerson.dial();
  expect((await askedForAPerson.press('0')).dials).not.toBeNull();
  const paid = await callNorwalkToConfirm(platform, '2500');
  expect((await paid.press('1')).text).toContain('was accepted');

  clock.set(new Date('2026-03-16T17:05:00Z'));
  expect(await staff.data(SUMMARY)).toEqual({ phoneCallSummary: { calls: 4, paid: 1, transferred: 3, ended: 0, cardsUnavailable: 2 } });
});

it('keeps each city’s count its own', async () => {
  const norman = await signInStaff(platform, 'norman', 'SUPPORT');
  expect(await norman.data(SUMMARY)).toEqual({ phoneCallSummary: { calls: 0, paid: 0, transferred: 0, ended: 0, cardsUnavailable: 0 } });
});
