import { FixedClock } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { CARDS, cardToken, newKey, pay, processorCharges, platformWithDemoResident } from './payments-api';

/*
 * A card saved in the wallet that has since expired is known expired: the platform holds its expiry. Paying with it is
 * refused before anything is recorded or sent to the processor, as autopay suspends such a card before charging it.
 */

// Mid-March in Norwalk: a card good through February has expired, one good through March has not.
const clock = new FixedClock(new Date('2026-01-20T18:00:00Z'));
const env = platformWithDemoResident({ clock }, 'old-card@example.com');

const SAVE = 'mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { id } userErrors { code } } }';
const save = async (token: string) => (await env.me.data<{ savePaymentMethod: { paymentMethod: { id: string } } }>(SAVE, { token })).savePaymentMethod.paymentMethod.id;

it('refuses a saved card past its expiry at savedMethodId, recording and charging nothing', async () => {
  // Two cards: the same card saved again with a later expiry renews its entry (saved-card-expiry-in-wallet.test.ts).
  const february = await save(await cardToken(env.platform, CARDS.visa, { expMonth: 2, expYear: 2026 }));
  const march = await save(await cardToken(env.platform, CARDS.mastercard, { expMonth: 3, expYear: 2026 }));
  clock.set(new Date('2026-03-15T18:00:00Z'));
  // Two months on, the session has lapsed: signed in again.
  await env.signInAgain();
  const chargesBefore = (await processorCharges(env.platform)).length;

  const refused = await pay(env.me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: env.accountId, amount: '5.00' }], savedMethodId: february });
  expect(refused).toMatchObject({ payment: null, userErrors: [{ field: ['input', 'savedMethodId'], code: 'EXPIRED_CARD', message: 'The card has expired. Please use another card.' }] });
  expect((await processorCharges(env.platform)).length).toBe(chargesBefore);
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT id FROM payments')).toEqual([]);

  // Good through the last day of its month.
  const paid = await pay(env.me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: env.accountId, amount: '5.00' }], savedMethodId: march });
  expect(paid.userErrors).toEqual([]);
  expect(paid.payment).toMatchObject({ status: 'CAPTURED', method: { last4: '4444' } });
  // A new card by its token is the processor's to judge, as before.
  const byToken = await pay(env.me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: env.accountId, amount: '1.00' }], token: await cardToken(env.platform) });
  expect(byToken.userErrors).toEqual([]);
});
