import { FixedClock } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { CARDS, newKey, pay, processorCharges, platformWithDemoResident, cardToken } from './payments-api';

/*
 * The wallet says which saved cards have expired, on the city's calendar (good through the last day of the expiry
 * month), so every page offers the same methods the API takes. A renewed card (the same number, a new expiry) saved
 * again renews the wallet's entry, the one autopay and the pages already know, rather than sitting beside it.
 */

// Norwalk is on Pacific time: 2026-03-01T05:00Z is still the last evening of February there.
const clock = new FixedClock(new Date('2026-01-20T18:00:00Z'));
const env = platformWithDemoResident({ clock }, 'renewed-card@example.com');

const METHOD = 'id last4 expMonth expYear expired';
type Method = { id: string; last4: string; expMonth: number | null; expYear: number | null; expired: boolean };
const SAVE = `mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { ${METHOD} } userErrors { field code message } } }`;
const save = async (token: string) => (await env.me.data<{ savePaymentMethod: { paymentMethod: Method | null; userErrors: unknown[] } }>(SAVE, { token })).savePaymentMethod;
const wallet = async () => (await env.me.data<{ paymentMethods: Method[] }>(`{ paymentMethods { ${METHOD} } }`)).paymentMethods;

it('marks a saved card expired once its month is over in the city, not before', async () => {
  const february = (await save(await cardToken(env.platform, CARDS.mastercard, { expMonth: 2, expYear: 2026 }))).paymentMethod!;
  expect(february).toMatchObject({ expMonth: 2, expYear: 2026, expired: false });
  clock.set(new Date('2026-03-01T05:00:00Z'));
  await env.signInAgain();
  expect((await wallet()).find((m) => m.id === february.id)?.expired).toBe(false);
  clock.set(new Date('2026-03-01T09:00:00Z'));
  await env.signInAgain();
  expect((await wallet()).find((m) => m.id === february.id)?.expired).toBe(true);
  // What the wallet calls expired is what a payment refuses.
  const refused = await pay(env.me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: env.accountId, amount: '5.00' }], savedMethodId: february.id });
  expect(refused.userErrors.map((e) => e.code)).toEqual(['EXPIRED_CARD']);
});

it('renews the entry of a card saved again with a new expiry, and pays with it', async () => {
  const [old] = await wallet();
  const renewed = await save(await cardToken(env.platform, CARDS.mastercard, { expMonth: 2, expYear: 2029 }));
  expect(renewed).toEqual({ userErrors: [], paymentMethod: { id: old!.id, last4: '4444', expMonth: 2, expYear: 2029, expired: false } });
  expect(await wallet()).toEqual([renewed.paymentMethod]);
  const rows = await tenantRows<{ n: string }>(env.platform, 'norwalk', 'SELECT count(*)::text AS n FROM saved_payment_methods WHERE removed_at IS NULL');
  expect(rows[0]!.n).toBe('1');

  const chargesBefore = (await processorCharges(env.platform)).length;
  const paid = await pay(env.me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: env.accountId, amount: '5.00' }], savedMethodId: old!.id });
  expect(paid.userErrors).toEqual([]);
  expect(paid.payment).toMatchObject({ status: 'CAPTURED', method: { last4: '4444' } });
  expect((await processorCharges(env.platform)).length).toBe(chargesBefore + 1);
});

it('keeps the later expiry when the card it replaced is saved again', async () => {
  clock.set(new Date('2026-01-20T18:00:00Z'));
  await env.signInAgain();
  const again = await save(await cardToken(env.platform, CARDS.mastercard, { expMonth: 2, expYear: 2026 }));
  expect(again.userErrors).toEqual([]);
  expect(again.paymentMethod).toMatchObject({ expMonth: 2, expYear: 2029 });
  expect((await wallet()).map((m) => [m.last4, m.expMonth, m.expYear])).toEqual([['4444', 2, 2029]]);
});
