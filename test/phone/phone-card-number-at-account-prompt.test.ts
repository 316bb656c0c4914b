import { createHash } from 'node:crypto';
import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { cardNumbersIn, findCardNumbers, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { ADJUST, openAccount, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { NORMAN_LINE, NORWALK_LINE, PhoneCall, callStateText } from './phone-call';

/*
 * A caller with their card in hand keys the card number at "Please enter your
 * account number" (a common slip). Card-shaped keys that are none of the
 * city's account numbers are kept nowhere and looked up nowhere: Norman, which asks the last payment amount next, kept it in the call's
 * state until then, and the failed proof left a plain SHA-256 of it as a
 * look-up limit's bucket key. The caller hears why and is asked again; it
 * counts as a wrong try.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const callState = (slug: string, sid: string) => callStateText(platform, slug, sid);

it('keeps no card number keyed at the account prompt in the call state, and asks for the account again (Norman)', async () => {
  const call = new PhoneCall(platform, NORMAN_LINE);
  await call.dial();
  const heard = await call.press(SANDBOX_TEST_CARDS.visa);
  expect(heard.said).toEqual([
    'That looks like a card number. Your account number is on your bill.',
    'Please try again.',
    'Please enter your account number using your telephone keypad, then press pound.',
  ]);
  const state = await callState('norman', call.sid);
  expect(cardNumbersIn(state)).toEqual([]);
  expect(JSON.parse(state)).toMatchObject({ step: 'ACCOUNT', accountTries: 1 });

  // The account, keyed next, is proved as ever.
  await call.press('20020933');
  expect((await call.press('4000')).text).toContain('For the account ending in 0, 9, 3, 3');
  expect(await findCardNumbers(platform.settings, platform.logLines())).toEqual([]);
  await call.hangUp();
});

it('keeps no plain hash of a card number keyed as the account number in the look-up limits', async () => {
  const call = new PhoneCall(platform, NORMAN_LINE);
  await call.dial();
  await call.press(SANDBOX_TEST_CARDS.mastercard);
  // Then an amount, as if it were the last payment's: nothing keyed so far is looked up as an account.
  await call.press('1000');
  await call.press('1000');
  await call.hangUp();

  const digest = createHash('sha256').update(SANDBOX_TEST_CARDS.mastercard).digest('hex');
  const buckets = await tenantRows<{ bucket_key: string }>(platform, 'norman', 'SELECT bucket_key FROM rate_limit_buckets WHERE bucket_key LIKE $1', [`%${digest}`]);
  expect(buckets).toEqual([]);
});

it('counts a card number at the account prompt as a wrong try: the third ends the call (Norwalk)', async () => {
  const call = new PhoneCall(platform, NORWALK_LINE);
  await call.dial();
  await call.press('1');
  await call.press('99999999');
  await call.press(SANDBOX_TEST_CARDS.visa);
  const last = await call.press(SANDBOX_TEST_CARDS.mastercard);
  expect({ said: last.said, hangsUp: last.hangsUp }).toEqual({
    said: ['We are sorry, we could not find your account. Please check your bill and call again, or contact customer service. Goodbye.'],
    hangsUp: true,
  });
  const [row] = await tenantRows<{ outcome: string }>(platform, 'norwalk', 'SELECT outcome FROM phone_calls WHERE call_sid = $1', [call.sid]);
  expect(row?.outcome).toBe('VERIFICATION_FAILED');
});

it('finds an account the city writes with dots, keyed as bare digits that pass Luhn (found by review of the fix)', async () => {
  const staff = await signInStaff(platform, 'norwalk', 'ADMIN');
  const account = await openAccount(staff, { accountNumber: '2026.0417.38009' });
  await staff.data(ADJUST, { input: { serviceAccountId: account.id, kind: 'ADJUSTMENT', amount: '42.00', memo: 'Water, one month', idempotencyKey: `owing-${account.id}` } });
  const call = new PhoneCall(platform, NORWALK_LINE);
  await call.dial();
  await call.press('1');
  expect((await call.press('2026041738009')).text).toContain('For the account ending in 8, 0, 0, 9');
  await call.hangUp();
});
