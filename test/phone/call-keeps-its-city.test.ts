import { DEV_PHONE_AUTH_TOKEN } from '@platform/phone';
import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { getExpectedTwilioSignature } from 'twilio';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { callNorwalkToCard, callNorwalkToConfirm } from './phone-call';

/*
 * The operator gives Norwalk a new pay-by-phone number (updateTenant
 * contact.payByPhoneNumber) while a resident is on a call to the old one,
 * keying their card. The call is Norwalk's: its state is a Norwalk row under
 * its CallSid, and every later webhook of it is signed by the provider. The
 * caller should be able to finish paying, not hear "this number is not a
 * line of ours" and be hung up on mid-payment, with the call left IN_PROGRESS.
 * A caller on hold while their payment is charged hears how it went. And the
 * city a call's action URLs name never moves it: a URL naming another city
 * finds no call there.
 *
 * The sandbox's magic amount 13.13 holds the processor's answer for 800 ms
 * and the line answers within 100 ms, so a confirmation of $13.13 is held.
 */

const HOLD = 'Your payment is still being processed. Please stay on the line.';

const callRow = async (platform: TestPlatform, slug: string, sid: string) =>
  (await tenantRows<{ outcome: string; step: string; seq: number }>(platform, slug, 'SELECT outcome, step, seq FROM phone_calls WHERE call_sid = $1', [sid]))[0];

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ processorTimeoutMs: 5000, sandboxHangMs: 800, phone: { answerWithinMs: 100, maxHolds: 40 } });
});
afterAll(() => platform.close());
// Each test begins its calls on Norwalk's usual line (NORWALK_LINE).
afterEach(() => changeCitySettings(platform, 'norwalk', { contact: { payByPhoneNumber: '888-647-2502' } }));

it('a call under way when the city changes its pay-by-phone number goes on to the confirmation, and its hang-up is recorded', async () => {
  const call = await callNorwalkToCard(platform, '2500');
  expect(call.last?.pay).toBe(true);

  await changeCitySettings(platform, 'norwalk', { contact: { payByPhoneNumber: '888-647-2600' } });

  const confirm = await call.payWith(SANDBOX_TEST_CARDS.visa);
  const hungUp = await call.hangUp();
  const [row] = await tenantRows<{ outcome: string; ended_at_step: string | null }>(platform, 'norwalk', 'SELECT outcome, ended_at_step FROM phone_calls WHERE call_sid = $1', [call.sid]);
  expect({ hangsUp: confirm.hangsUp, heard: confirm.text, hungUp, outcome: row?.outcome }).toEqual({
    hangsUp: false,
    heard: expect.stringContaining('To confirm, press 1'),
    hungUp: 204,
    outcome: 'ABANDONED',
  });
});

it('a caller on hold while the payment is charged when the number changes hears the receipt, and the call is PAID', async () => {
  const call = await callNorwalkToConfirm(platform, '1313');
  call.followRedirects = false;
  const held = await call.press('1');
  expect(held.said).toEqual([HOLD]);

  await changeCitySettings(platform, 'norwalk', { contact: { payByPhoneNumber: '888-647-2600' } });

  call.followRedirects = true;
  const heard = await call.post(held.redirect!, call.params);
  expect(heard.text).toContain('Your payment of $13.13 was accepted.');
  expect(await call.hangUp()).toBe(204);
  expect(await callRow(platform, 'norwalk', call.sid)).toMatchObject({ outcome: 'PAID' });
});

it('an action URL naming another city finds no call there: refused unless the provider signed it, and then the call is over, in neither city', async () => {
  const call = await callNorwalkToCard(platform, '2500');
  const action = call.last!.action!;
  expect(action).toMatch(/^\/phone\/voice\?city=norwalk&seq=\d+&nonce=[\w-]+$/);
  const before = await callRow(platform, 'norwalk', call.sid);
  const elsewhere = action.replace('city=norwalk', 'city=norman');

  // The city changed on the way: the provider signed the URL it was given, not this one.
  const signedAsGiven = getExpectedTwilioSignature(DEV_PHONE_AUTH_TOKEN, `${call.base}${action}`, call.params);
  expect((await call.post(elsewhere, call.params, signedAsGiven)).status).toBe(403);

  // Signed over the changed URL (the cities share the development token here): Norman holds no such call, so it starts none.
  const heard = await call.post(elsewhere, call.params);
  expect({ status: heard.status, text: heard.text, hangsUp: heard.hangsUp }).toEqual({ status: 200, text: 'This call has timed out. Please call again. Goodbye.', hangsUp: true });
  expect(await callRow(platform, 'norman', call.sid)).toBeUndefined();
  expect(await callRow(platform, 'norwalk', call.sid)).toEqual(before);
});
