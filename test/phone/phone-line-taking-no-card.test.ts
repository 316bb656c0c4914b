import { ownerUrl, withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { NORWALK_LINE, PhoneCall, NORMAN_LINE, NORWALK_CUSTOMER_SERVICE } from './phone-call';

/*
 * The line takes payments by card alone (<Pay>). The settings refuse a line
 * to a city that takes no card (test/tenants/pay-by-phone-takes-cards), but a
 * city's settings saved before that rule may keep one. Its callers are never
 * asked for a card, which <Pay> could not name and the payment would refuse:
 * they hear that the line takes no payments, before any account, and go to
 * customer service while it is open, or hear its hours.
 */

let platform: TestPlatform;
let saved: { slug: string; settings: unknown }[];
const asOwner = <T>(sql: string, params: unknown[] = []) => withClient(ownerUrl(platform.settings), async (owner) => (await owner.query(sql, params)).rows as T[]);
beforeAll(async () => {
  platform = await startTestPlatform();
  saved = await asOwner(`SELECT slug, settings FROM tenants`);
}, 120_000);
afterEach(async () => {
  for (const { slug, settings } of saved) await asOwner(`UPDATE tenants SET settings = $2 WHERE slug = $1`, [slug, JSON.stringify(settings)]);
});
afterAll(() => platform.close());

/** The city's settings as saved before the rule: no card brand, its line kept. */
const takeNoCard = (slug: string) => asOwner(`UPDATE tenants SET settings = jsonb_set(settings, '{paymentRules,acceptedCardBrands}', '[]') WHERE slug = $1`, [slug]);
const callRow = async (slug: string, sid: string) =>
  (await tenantRows<{ outcome: string; ended: boolean }>(platform, slug, 'SELECT outcome, ended_at IS NOT NULL AS ended FROM phone_calls WHERE call_sid = $1', [sid]))[0];

it('tells a caller, in the language they chose, that the line takes no payments, and puts them through to customer service', async () => {
  await takeNoCard('norwalk');
  const call = new PhoneCall(platform, NORWALK_LINE);
  await call.dial();
  const heard = await call.press('2');
  expect({ said: heard.said, dials: heard.dials, asksForACard: heard.pay, asksForKeys: heard.xml.includes('<Gather') }).toEqual({
    said: ['Esta línea no acepta pagos por teléfono. Puede pagar en línea.', 'Por favor espere mientras lo transferimos a servicio al cliente.'],
    dials: NORWALK_CUSTOMER_SERVICE,
    asksForACard: false,
    asksForKeys: false,
  });
  expect(await callRow('norwalk', call.sid)).toEqual({ outcome: 'TRANSFERRED', ended: true });
});

it('tells the caller of a one-language city so at once, with customer service hours while it is closed, and says goodbye', async () => {
  await takeNoCard('norman');
  const today = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'short' }).format(new Date()).toUpperCase().slice(0, 3);
  const otherDay = today === 'MON' ? 'TUE' : 'MON';
  await asOwner(`UPDATE tenants SET settings = jsonb_set(settings, '{contact,supportHours}', $1) WHERE slug = 'norman'`, [JSON.stringify([{ days: [otherDay], opens: '08:00', closes: '17:00' }])]);
  const call = new PhoneCall(platform, NORMAN_LINE);
  const heard = await call.dial();
  expect(heard.said.slice(0, 2)).toEqual(['Thank you for calling the City of Norman payment line.', 'This line does not take payments by phone. You can pay online instead.']);
  expect(heard.said[2]).toMatch(/^Customer service is available (Monday|Tuesday), 8:00\sAM to 5:00\sPM, Central/);
  expect({ last: heard.said.at(-1), hangsUp: heard.hangsUp, asksForACard: heard.pay, asksForKeys: heard.xml.includes('<Gather') }).toEqual({
    last: 'Thank you for calling. Goodbye.',
    hangsUp: true,
    asksForACard: false,
    asksForKeys: false,
  });
  expect(await callRow('norman', call.sid)).toEqual({ outcome: 'ENDED', ended: true });
  // The provider's status callback as the caller hangs up keeps the outcome: the call was not abandoned.
  expect(await call.hangUp()).toBe(204);
  expect(await callRow('norman', call.sid)).toEqual({ outcome: 'ENDED', ended: true });
});

it('never sends a card request naming no card type to a call under way when its city stops taking cards', async () => {
  const call = new PhoneCall(platform, NORWALK_LINE);
  await call.dial();
  await call.press('1');
  await call.press('10100100');
  await call.press('2');
  await takeNoCard('norwalk');
  const heard = await call.press('2000');
  expect({ said: heard.said, dials: heard.dials, asksForACard: heard.pay }).toEqual({
    said: ['This line does not take payments by phone. You can pay online instead.', 'Please hold while we transfer you to customer service.'],
    dials: NORWALK_CUSTOMER_SERVICE,
    asksForACard: false,
  });
});
