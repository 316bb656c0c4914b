import { createHash } from 'node:crypto';
import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { NORWALK_LINE, PhoneCall, callNorwalkToConfirm } from './phone-call';

/*
 * A caller who withholds their number does not always reach the webhook as
 * From "anonymous": Twilio (and carriers before it) write a withheld caller ID
 * as a keypad-spelled placeholder: +266696687 (ANONYMOUS), +7378742833
 * (RESTRICTED), +2562533 (BLOCKED), +8656696 (UNKNOWN), +86282452253
 * (UNAVAILABLE). The line took the first two for real numbers ("+7378742833"
 * read as the Austin, TX number +1 737-874-2833): it offered and sent the
 * receipt by text to whoever holds that number, and put every withheld caller
 * of the city behind one shared look-up address. A placeholder is a withheld
 * number now (callerNumber).
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform.close(), 120_000);

const RESTRICTED = '+7378742833';
const ANONYMOUS = '+266696687';

it('does not text the receipt of a caller whose number is withheld ("RESTRICTED") to a stranger’s number', async () => {
  const call = await callNorwalkToConfirm(platform, '500', SANDBOX_TEST_CARDS.visa, { from: RESTRICTED });
  const receipt = await call.press('1');
  expect(receipt.text).toContain('Your payment of $5.00 was accepted.');
  // A withheld caller has no number to text: the menu offers no text, and 2 is a wrong key.
  expect(receipt.text).not.toContain('To receive it by text message, press 2.');
  expect((await call.press('2')).said[0]).toBe('That is not one of the choices.');
  // Nothing may be sent to the number the placeholder spells, nor kept on the payment (its later notices, a refund or a
  // void, would go there too), nor when the call ends.
  expect(await call.hangUp()).toBe(204);
  const texts = await tenantRows<{ recipient: string; data: Record<string, string> }>(
    platform,
    'norwalk',
    "SELECT recipient, data FROM notification_outbox WHERE channel = 'SMS' AND recipient IN ('+17378742833', '+7378742833')",
  );
  expect(texts).toEqual([]);
  const [payment] = await tenantRows<{ payer_phone: string | null }>(platform, 'norwalk', 'SELECT payer_phone FROM payments WHERE idempotency_key LIKE $1', [`phone:${call.sid}:%`]);
  expect(payment).toEqual({ payer_phone: null });
}, 60_000);

it('does not refuse a resident calling with caller ID blocked (+266696687) because other withheld callers mistyped theirs', async () => {
  const ceiling = `phone-withheld-lookup-failures:${createHash('sha256').update('withheld').digest('hex')}`;
  const ceilingHits = async () => (await tenantRows<{ hits: number }>(platform, 'norwalk', 'SELECT hits FROM rate_limit_buckets WHERE bucket_key = $1', [ceiling]))[0]?.hits ?? 0;
  const withheldCall = async () => {
    const call = new PhoneCall(platform, NORWALK_LINE, ANONYMOUS);
    await call.dial();
    await call.press('1');
    return call;
  };
  const before = await ceilingHits();
  // Seven strangers (or one prankster calling seven times) with their numbers withheld, mistyping.
  for (let i = 0; i < 7; i++) {
    const stranger = await withheldCall();
    for (let t = 0; t < 3; t++) await stranger.press(`9900${i}${t}00`);
    expect(stranger.last?.hangsUp).toBe(true);
  }
  // Each call an address of its own, and every failure counted under the withheld callers' shared ceiling.
  expect(await ceilingHits()).toBe(before + 21);
  const resident = await withheldCall();
  expect((await resident.press('10100100')).text).toContain('For the account ending in 0, 1, 0, 0');
  await resident.hangUp();
}, 120_000);
