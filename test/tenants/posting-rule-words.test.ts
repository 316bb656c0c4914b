import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { changeCitySettings } from './city-settings';

/*
 * The posting rule every pay page shows and the phone line reads out says
 * when a payment posts, by the cutoff the city set. With a midnight cutoff
 * every payment is made before it: a city posting the same day posts them
 * all that day, and the rule must not promise "the next day" to any.
 */

const clock = new FixedClock(new Date('2026-03-06T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
});
afterAll(() => platform.close());

const RULE = '{ tenant { paymentRules { posting { description } } } }';
const rule = async (locale: 'en' | 'es') =>
  (await platform.client.asTenant('norwalk').withHeaders({ 'accept-language': locale }).data<{ tenant: { paymentRules: { posting: { description: string } } } }>(RULE)).tenant.paymentRules.posting
    .description;

it('tells residents of a city posting the same day with a midnight cutoff that payments post the day they are made (found by review: "after midnight post the next day")', async () => {
  await changeCitySettings(platform, 'norwalk', { paymentRules: { postingLagDays: 0, postingCutoffLocalTime: '00:00', postingBusinessDaysOnly: false } });
  // 00:30 Pacific, "after midnight": it posts that day.
  clock.set(new Date('2026-03-06T08:30:00Z'));
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('same-day'),
    allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }],
    token: await cardToken(platform),
    payerEmail: 'same-day@example.com',
  });
  expect([paid.payment?.expectedPostingDate, paid.userErrors]).toEqual(['2026-03-06', []]);

  expect(await rule('en')).toBe('Payments post to your account the day they are made (Pacific Time).');
  expect(await rule('es')).toBe('Los pagos se aplican a su cuenta el mismo día en que se hacen (hora del Pacífico).');
});

it('keeps telling of the cutoff when it is not midnight', async () => {
  await changeCitySettings(platform, 'norwalk', { paymentRules: { postingLagDays: 0, postingCutoffLocalTime: '17:00', postingBusinessDaysOnly: false } });
  expect(await rule('en')).toBe('Payments made before 5:00 PM (Pacific Time) post to your account the same day; payments made after 5:00 PM post the next day.');
});
