import { FixedClock } from '@platform/core';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { changeCitySettings } from '../tenants/city-settings';
import { NORWALK_LINE, PhoneCall, NORMAN_LINE, NORWALK_CUSTOMER_SERVICE } from './phone-call';

/*
 * 0 transfers a caller to customer service during its supportHours. Norman's
 * office is open 8 AM to 5 PM, Monday to Friday, and closed, as every city
 * office is, on the US federal holidays and on the days the city lists as
 * closed (`postingHolidays`: "days the city closes besides US federal bank
 * holidays"). The line knew those days (posting skips them) but transferred a
 * caller on them all the same, to ring a closed office; the caller hears now
 * that customer service is closed today for a holiday, and its hours, and
 * stays where they were.
 */

const ACCOUNT_PROMPT = 'Please enter your account number using your telephone keypad, then press pound.';
// Thanksgiving, Thursday 26 November 2026, 10:00 in Norman (Central Time), 08:00 in Norwalk (Pacific Time).
const clock = new FixedClock(new Date('2026-11-26T16:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
}, 120_000);
afterAll(() => platform.close(), 120_000);

it('does not transfer a caller to customer service on Thanksgiving, when the city office is closed, and says why', async () => {
  const call = new PhoneCall(platform, NORMAN_LINE);
  await call.dial();
  const heard = await call.press('0');
  expect(heard.dials).toBeNull();
  expect(heard.said.slice(0, 2)).toEqual([
    'Customer service is closed today for a holiday.',
    expect.stringMatching(/^Customer service is available Monday to Friday, 8:00\sAM to 5:00\sPM, Central.*, except holidays\. Please call back then\.$/),
  ]);
  expect(heard.said.at(-1)).toBe(ACCOUNT_PROMPT);
  expect(heard.hangsUp).toBe(false);
}, 60_000);

it('tells a Spanish-speaking caller so in Spanish, and still transfers where the city publishes no hours', async () => {
  // Norwalk publishes no hours: its own phone system knows when it is staffed, holidays too.
  const unpublished = new PhoneCall(platform, NORWALK_LINE);
  await unpublished.dial();
  await unpublished.press('1');
  expect((await unpublished.press('0')).dials).toBe(NORWALK_CUSTOMER_SERVICE);

  await changeCitySettings(platform, 'norwalk', { contact: { supportHours: [{ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], opens: '08:00', closes: '17:00' }] } });
  const call = new PhoneCall(platform, NORWALK_LINE);
  await call.dial();
  await call.press('2');
  const heard = await call.press('0');
  expect(heard.dials).toBeNull();
  expect(heard.said[0]).toBe('Servicio al cliente está cerrado hoy por ser día feriado.');
  expect(heard.said[1]).toMatch(/^Servicio al cliente atiende de lunes a viernes, de 8:00.*, excepto los días feriados\./);
}, 60_000);

it('does not transfer a caller to customer service on a day the city lists as closed, and does the day before', async () => {
  // Tuesday 24 November 2026, 10:00 Central: an ordinary weekday, open until the city declares it closed.
  clock.set(new Date('2026-11-24T16:00:00Z'));
  const before = new PhoneCall(platform, NORMAN_LINE);
  await before.dial();
  expect((await before.press('0')).dials).toBe('+14052177739');

  await changeCitySettings(platform, 'norman', { paymentRules: { postingHolidays: ['2026-11-24'] } });
  const call = new PhoneCall(platform, NORMAN_LINE);
  await call.dial();
  const heard = await call.press('0');
  expect(heard.dials).toBeNull();
  expect(heard.said[0]).toBe('Customer service is closed today for a holiday.');
  expect(heard.said[1]).toMatch(/^Customer service is available/);
}, 60_000);
