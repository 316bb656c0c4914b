import { FixedClock } from '@platform/core';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { changeCitySettings } from '../tenants/city-settings';
import { NORWALK_LINE, PhoneCall, NORMAN_LINE } from './phone-call';

/*
 * A city's hours may close at 24:00, the end of the day. The line read that
 * as "to 12:00 AM", the time people confuse with noon, where the posting rule
 * says "midnight"; it says midnight now, in English and Spanish.
 */
// Monday 6 July 2026, 09:00 in Norman (Central Daylight Time): before an evening line opens.
const clock = new FixedClock(new Date('2026-07-06T14:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
  const evenings = { contact: { supportHours: [{ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], opens: '16:00', closes: '24:00' }] } };
  await changeCitySettings(platform, 'norman', evenings);
  await changeCitySettings(platform, 'norwalk', evenings);
}, 120_000);
afterAll(() => platform.close(), 120_000);

it('describes a line open until midnight as open "to midnight", as the posting rule says midnight, not "to 12:00 AM"', async () => {
  const call = new PhoneCall(platform, NORMAN_LINE);
  await call.dial();
  const heard = await call.press('0');
  expect(heard.dials).toBeNull();
  const hours = heard.said.find((line) => line.startsWith('Customer service is available')) ?? '';
  expect(hours).not.toMatch(/12:00\sAM/);
  expect(hours).toMatch(/^Customer service is available Monday to Friday, 4:00\sPM to midnight, Central/);
}, 60_000);

it('says "medianoche" to a Spanish-speaking caller', async () => {
  // Norwalk's line offers Spanish; 07:00 there, before its line opens.
  const call = new PhoneCall(platform, NORWALK_LINE);
  await call.dial();
  await call.press('2');
  const heard = await call.press('0');
  expect(heard.dials).toBeNull();
  const hours = heard.said.find((line) => line.startsWith('Servicio al cliente atiende')) ?? '';
  expect(hours).toMatch(/^Servicio al cliente atiende de lunes a viernes, de 16:00 a la medianoche, /);
}, 60_000);
