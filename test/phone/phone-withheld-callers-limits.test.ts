import { createHash } from 'node:crypto';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { NORWALK_LINE, PhoneCall } from './phone-call';

/*
 * A caller's number stands for the client address under the look-up limits.
 * A withheld number (From "anonymous") is nobody's: all withheld callers
 * shared one address, so seven who mistyped (or one prankster calling seven
 * times) locked every withheld caller of the city out for a quarter of an
 * hour. Each withheld call is an address of its own now, and withheld
 * callers together are held to a ceiling far above one address's limit.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const ACCOUNT_FOUND = 'For the account ending in 0, 1, 0, 0';
const TOO_MANY = 'Too many attempts have been made. Please try again later. Goodbye.';

/** A withheld caller's call, up to the account prompt. */
async function withheldCall(): Promise<PhoneCall> {
  const call = new PhoneCall(platform, NORWALK_LINE, 'anonymous');
  await call.dial();
  await call.press('1');
  return call;
}

it("does not refuse a withheld caller's look-up because other withheld callers mistyped theirs", async () => {
  for (let i = 0; i < 7; i++) {
    const stranger = await withheldCall();
    for (let t = 0; t < 3; t++) await stranger.press(`9900${i}${t}00`);
    expect(stranger.last?.hangsUp).toBe(true);
  }
  const resident = await withheldCall();
  expect((await resident.press('10100100')).text).toContain(ACCOUNT_FOUND);
  await resident.hangUp();
});

it('holds withheld callers together to a ceiling of failed look-ups, which callers with a number do not share', async () => {
  const ceiling = `phone-withheld-lookup-failures:${createHash('sha256').update('withheld').digest('hex')}`;
  // 200 failures of withheld callers in this quarter-hour (an enumeration over some 70 calls).
  await tenantRows(
    platform,
    'norwalk',
    `INSERT INTO rate_limit_buckets (tenant_id, bucket_key, hits, refused, window_ends_at)
     VALUES (current_setting('app.tenant_id')::uuid, $1, 200, 0, $2)
     ON CONFLICT (tenant_id, bucket_key) DO UPDATE SET hits = 200, window_ends_at = $2`,
    [ceiling, new Date(Date.now() + 15 * 60_000)],
  );
  try {
    const withheld = await withheldCall();
    const refused = await withheld.press('10100100');
    expect({ said: refused.said, hangsUp: refused.hangsUp }).toEqual({ said: [TOO_MANY], hangsUp: true });

    const known = new PhoneCall(platform, NORWALK_LINE);
    await known.dial();
    await known.press('1');
    expect((await known.press('10100100')).text).toContain(ACCOUNT_FOUND);
    await known.hangUp();
  } finally {
    await tenantRows(platform, 'norwalk', 'UPDATE rate_limit_buckets SET hits = 0 WHERE bucket_key = $1', [ceiling]);
  }
});

it("gives a withheld caller's successful look-up back to the ceiling", async () => {
  const ceiling = `phone-withheld-lookup-failures:${createHash('sha256').update('withheld').digest('hex')}`;
  const hits = async () => (await tenantRows<{ hits: number }>(platform, 'norwalk', 'SELECT hits FROM rate_limit_buckets WHERE bucket_key = $1', [ceiling]))[0]?.hits ?? 0;
  const before = await hits();
  const call = await withheldCall();
  await call.press('99009900');
  expect(await hits()).toBe(before + 1);
  expect((await call.press('10100100')).text).toContain(ACCOUNT_FOUND);
  expect(await hits()).toBe(before + 1);
  await call.hangUp();
});
