import { FixedClock } from '@platform/core';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { PhoneCall, NORMAN_LINE } from './phone-call';

/*
 * 0 transfers a caller to customer service except on a day the city office is
 * closed for a holiday. A city office keeps the federal holidays as government
 * offices observe them (5 U.S.C. 6103(b)): one on a Saturday is taken the
 * Friday before, one on a Sunday the Monday after. Banks (the Federal Reserve)
 * do not move a Saturday holiday, and posting keeps their calendar; the line
 * used that one too, and put callers through to an office shut for the day.
 */
const CUSTOMER_SERVICE = '+14052177739';
// Friday 3 July 2026, 10:00 in Norman (Central Daylight Time): Independence Day is Saturday 4 July.
const clock = new FixedClock(new Date('2026-07-03T15:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
}, 120_000);
afterAll(() => platform.close(), 120_000);

async function pressZero(): Promise<Awaited<ReturnType<PhoneCall['press']>>> {
  const call = new PhoneCall(platform, NORMAN_LINE);
  await call.dial();
  return call.press('0');
}

it('does not transfer a caller to a closed office on Friday 3 July 2026, the observed Independence Day', async () => {
  const heard = await pressZero();
  expect(heard.said[0]).toBe('Customer service is closed today for a holiday.');
  expect(heard.dials).toBeNull();
}, 60_000);

it('keeps the office closed on Friday 31 December 2027, when New Year 2028 falls on a Saturday, and open the Thursday before', async () => {
  // Thursday 30 December 2027, 10:00 Central Standard Time.
  clock.set(new Date('2027-12-30T16:00:00Z'));
  expect((await pressZero()).dials).toBe(CUSTOMER_SERVICE);
  clock.set(new Date('2027-12-31T16:00:00Z'));
  const heard = await pressZero();
  expect(heard.said[0]).toBe('Customer service is closed today for a holiday.');
  expect(heard.dials).toBeNull();
}, 60_000);

it('closes the office on the Monday after a Sunday holiday, as banks do', async () => {
  // Monday 5 July 2027, 10:00 Central: Independence Day 2027 is a Sunday.
  clock.set(new Date('2027-07-05T15:00:00Z'));
  const heard = await pressZero();
  expect(heard.said[0]).toBe('Customer service is closed today for a holiday.');
  expect(heard.dials).toBeNull();
}, 60_000);
