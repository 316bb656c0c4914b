import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { NORMAN_LINE, PhoneCall, callStateText, callNorwalkToConfirm } from './phone-call';

/*
 * Callers press star where a decimal point goes ("5, 0, star" for fifty dollars) and star by mistake for pound. The
 * star was read as nothing: "50*" was fifty cents, and a lone star at the account prompt was a wrong account number,
 * one of the caller's three tries.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const callState = async (slug: string, sid: string) => JSON.parse(await callStateText(platform, slug, sid)) as Record<string, unknown>;

it('reads star as a decimal point in an amount: "21*5" is $21.50', async () => {
  const call = await callNorwalkToConfirm(platform, '21*5', SANDBOX_TEST_CARDS.visa);
  expect(call.last?.text).toContain('You are paying $21.50 with the Visa ending in 4, 2, 4, 2.');
  await call.hangUp();
});

it('takes a lone star at the account prompt as no try, and reads the last payment "40*" as $40.00 (Norman)', async () => {
  const call = new PhoneCall(platform, NORMAN_LINE);
  await call.dial();
  expect((await call.press('*')).said).toEqual(['Please enter your account number using your telephone keypad, then press pound.']);
  expect(await callState('norman', call.sid)).toMatchObject({ step: 'ACCOUNT', accountTries: 0 });
  await call.press('20020933');
  // Keys that are no amount are asked for again, no try spent.
  expect((await call.press('4**')).said[0]).toBe('That amount is not valid.');
  expect(await callState('norman', call.sid)).toMatchObject({ step: 'LAST_PAYMENT', accountTries: 0 });
  expect((await call.press('40*')).text).toContain('For the account ending in 0, 9, 3, 3');
  await call.hangUp();
});
