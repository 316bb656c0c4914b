import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { callNorwalkToCard, NORWALK_CUSTOMER_SERVICE, norwalkAccountOwing, type PhoneCall } from './phone-call';

/*
 * Card testing through calls open at once. Payments' decline limits were checked as each `<Pay>` was asked, and a
 * card being keyed held no place in them: six calls from one number, all at the card at once, each had a card read
 * by its bank before the first decline was counted (and twenty calls, twenty cards). A `<Pay>` now holds a place
 * under the limits while the card is keyed, kept when its bank declines the card and given back otherwise (a card
 * read, a card keyed wrong, a hang-up, a call whose state expired).
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ jobs: true });
}, 120_000);
afterAll(() => platform.close());

const declinedAtRead = { Result: 'payment-connector-error', ConnectorError: 'generic_decline', PaymentError: 'Your card was declined.' };

/** `count` calls from one number about `account`, all brought to the card at once. */
const callsAtOnce = (count: number, account: string, from: string): Promise<PhoneCall[]> => Promise.all(Array.from({ length: count }, () => callNorwalkToCard(platform, '1000', { account, from })));

/** A caller's number of this file's own, one per test. */
let lastNumber = 0;
const newNumber = () => `+1562555${String(7000 + ++lastNumber)}`;

it('asks no more cards at once from one number than its declines may number, and reads none once they were declined', async () => {
  const account = await norwalkAccountOwing(platform, '40.00');
  const from = newNumber();
  const calls = await callsAtOnce(6, account.keys, from);
  const asked = calls.filter((call) => call.last?.pay);
  expect(asked).toHaveLength(5);
  const refused = calls.find((call) => !call.last?.pay)!;
  expect(refused.last?.said[0]).toBe('Too many cards were declined. Nothing was charged.');
  expect(refused.last?.dials).toBe(NORWALK_CUSTOMER_SERVICE);

  // Every card keyed is declined by its bank: five declines, the number's limit.
  const heard = await Promise.all(asked.map((call) => call.payCallback(declinedAtRead)));
  expect(heard.every((answer) => answer.status === 200)).toBe(true);
  const next = await callNorwalkToCard(platform, '1000', { account: account.keys, from });
  expect(next.last?.pay).toBe(false);
  expect(next.last?.dials).toBe(NORWALK_CUSTOMER_SERVICE);
});

it('gives the place back once the card is read, keyed wrong, or the caller hangs up', async () => {
  const account = await norwalkAccountOwing(platform, '40.00');
  const from = newNumber();
  const calls = await callsAtOnce(5, account.keys, from);
  expect(calls.every((call) => call.last?.pay)).toBe(true);
  const [read, wrong, hungUp, droppedAtPay, ...rest] = calls as [PhoneCall, PhoneCall, PhoneCall, PhoneCall, ...PhoneCall[]];
  expect((await read.payWith(SANDBOX_TEST_CARDS.visa)).said.join(' ')).toContain('To confirm');
  await wrong.payCallback({ Result: 'too-many-failed-attempts' });
  expect(await hungUp.hangUp()).toBe(204);
  await droppedAtPay.payCallback({ Result: 'caller-hung-up' });
  for (const call of rest) await call.hangUp();

  // None of the five was declined: the number may have five cards keyed at once again.
  const again = await callsAtOnce(5, account.keys, from);
  expect(again.map((call) => call.last?.pay)).toEqual([true, true, true, true, true]);
  for (const call of again) await call.hangUp();
});

it("gives the place back when the call's state expires, as the webhook or the expiry job finds it", async () => {
  const account = await norwalkAccountOwing(platform, '40.00');
  const from = newNumber();
  const calls = await callsAtOnce(5, account.keys, from);
  await tenantRows(platform, 'norwalk', "UPDATE phone_calls SET expires_at = now() - interval '1 minute' WHERE call_sid = ANY($1)", [calls.map((call) => call.sid)]);
  // One call's late `<Pay>` result finds it expired; the others are left to the job.
  const late = await calls[0]!.payCallback(declinedAtRead);
  expect(late.said).toEqual(['This call has timed out. Please call again. Goodbye.']);
  await platform.runJob('phone.expire-calls');

  const again = await callsAtOnce(5, account.keys, from);
  expect(again.map((call) => call.last?.pay)).toEqual([true, true, true, true, true]);
});

it('counts a decline at the read once: a webhook sent again holds no second place', async () => {
  const account = await norwalkAccountOwing(platform, '40.00');
  const from = newNumber();
  const [call] = await callsAtOnce(1, account.keys, from);
  await call!.payCallback(declinedAtRead);
  await call!.replay();
  await call!.press('1');
  await call!.replay();
  await call!.hangUp();
  // Two places were taken (two `<Pay>`s), one kept by the decline: four cards may be keyed at once still, not five.
  const again = await callsAtOnce(5, account.keys, from);
  expect(again.filter((next) => next.last?.pay)).toHaveLength(4);
});

it("holds no place in the account's backstop: strangers keying cards for an account at once refuse its resident nothing", async () => {
  const account = await norwalkAccountOwing(platform, '40.00');
  // Ten callers, each from a number of their own, at the card at once: the account's backstop is ten declines an hour.
  const strangers = await Promise.all(Array.from({ length: 10 }, () => callNorwalkToCard(platform, '1000', { account: account.keys, from: newNumber() })));
  expect(strangers.every((call) => call.last?.pay)).toBe(true);
  const resident = await callNorwalkToCard(platform, '1000', { account: account.keys, from: newNumber() });
  expect(resident.last?.pay).toBe(true);
  expect((await resident.payWith(SANDBOX_TEST_CARDS.visa)).said.join(' ')).toContain('To confirm');
  expect((await resident.press('1')).said.join(' ')).toContain('Thank you');
});
