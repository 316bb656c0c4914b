import type { GraphQLTestClient } from '@platform/testkit';
import { FixedClock } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { REQUEST_RESET, registerCustomer } from '../customers/customer-api';
import { REFUND, cardToken, newKey, pay } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { platformWithMailCatcher } from './notification-api';

/*
 * Norwalk stops offering Spanish (updateTenant locales: [EN]). README: each
 * message is rendered "in the recipient's language (limited to the city's)".
 * A message queued after the city dropped Spanish has no Spanish part
 * written into it, so nothing forces Spanish on it: it comes in a language
 * the city offers, every part of it (a payment's lines, written when the
 * message is queued, as well as the template's frame). Messages queued
 * before the drop keep theirs (language-dropped-while-waiting.test.ts).
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithMailCatcher({ clock });
let staff: GraphQLTestClient;
beforeAll(async () => {
  staff = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
});
afterEach(() => changeCitySettings(env.platform, 'norwalk', { locales: ['EN', 'ES'], defaultLocale: 'EN' }));

it('a message queued after the city dropped Spanish comes in a language the city speaks, not the one the resident chose before', async () => {
  const norwalk = env.platform.client.asTenant('norwalk');
  await registerCustomer(norwalk.withHeaders({ 'accept-language': 'es' }), { email: 'hablante@example.com', locale: 'ES' });

  await changeCitySettings(env.platform, 'norwalk', { locales: ['EN'], defaultLocale: 'EN' });

  const asked = await norwalk.withHeaders({ 'accept-language': 'en' }).data<{ requestPasswordReset: { userErrors: unknown[] } }>(REQUEST_RESET, { input: { identifier: 'hablante@example.com' } });
  expect(asked.requestPasswordReset.userErrors).toEqual([]);
  const [reset] = await env.deliveredTo('hablante@example.com');
  expect(reset?.subject).toMatch(/^Reset your .*password/i);
});

it("a refund of a payment made in Spanish, after the city dropped Spanish, is told in English throughout, the refund's lines too", async () => {
  const payer = 'pago-en-espanol@example.com';
  const { payment } = await pay(env.platform.client.asTenant('norwalk').withHeaders({ 'accept-language': 'es' }), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '20.00' }],
    token: await cardToken(env.platform),
    payerEmail: payer,
  });
  const [receipt] = await env.deliveredTo(payer);
  expect(receipt?.text).toContain('Cuenta terminada en 0 1 0 0: $20.00');

  await changeCitySettings(env.platform, 'norwalk', { locales: ['EN'], defaultLocale: 'EN' });
  await staff.data(REFUND, { input: { paymentId: payment!.id, amount: '20.00', reason: 'Paid twice', idempotencyKey: newKey('refund') } });
  const [refund] = await env.deliveredTo(payer);
  expect(refund?.subject).toMatch(/^Refund of your payment/);
  expect(refund?.text).toContain('Account ending in 0 1 0 0: $20.00');
  expect(refund?.text).not.toContain('Cuenta');
});
