import { createSandboxToken } from '@platform/processor-sandbox';
import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { GOOD_PASSWORD, LOGIN, bearer, tenantRows, type AuthPayload } from '../customers/customer-api';
import { CARDS, newKey, pay, processorCharges, residentWithDemoAccount } from './payments-api';

/*
 * The wallet says which saved cards have expired, on the city's calendar (good through the last day of the expiry
 * month), so every page offers the same methods the API takes. A renewed card (the same number, a new expiry) saved
 * again renews the wallet's entry, the one autopay and the pages already know, rather than sitting beside it.
 */

// Norwalk is on Pacific time: 2026-03-01T05:00Z is still the last evening of February there.
const clock = new FixedClock(new Date('2026-01-20T18:00:00Z'));
let platform: TestPlatform;
let me: GraphQLTestClient;
let accountId: string;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
  ({ me, accountId } = await residentWithDemoAccount(platform, 'renewed-card@example.com'));
});
afterAll(() => platform.close());

const METHOD = 'id last4 expMonth expYear expired';
type Method = { id: string; last4: string; expMonth: number | null; expYear: number | null; expired: boolean };
const SAVE = `mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { ${METHOD} } userErrors { field code message } } }`;
const save = async (token: string) => (await me.data<{ savePaymentMethod: { paymentMethod: Method | null; userErrors: unknown[] } }>(SAVE, { token })).savePaymentMethod;
const wallet = async () => (await me.data<{ paymentMethods: Method[] }>(`{ paymentMethods { ${METHOD} } }`)).paymentMethods;
const cardThrough = (number: string, expMonth: number, expYear: number) =>
  createSandboxToken(platform.processorUrl, { number, expMonth, expYear, cvc: '123', postalCode: '90650', holderName: 'Pat Payer' });
async function signInAgain() {
  const { login } = await platform.client.asTenant('norwalk').data<{ login: AuthPayload }>(LOGIN, { input: { identifier: 'renewed-card@example.com', password: GOOD_PASSWORD } });
  me = bearer(platform.client.asTenant('norwalk'), login.session!);
}

it('marks a saved card expired once its month is over in the city, not before', async () => {
  const february = (await save(await cardThrough(CARDS.mastercard, 2, 2026))).paymentMethod!;
  expect(february).toMatchObject({ expMonth: 2, expYear: 2026, expired: false });
  clock.set(new Date('2026-03-01T05:00:00Z'));
  await signInAgain();
  expect((await wallet()).find((m) => m.id === february.id)?.expired).toBe(false);
  clock.set(new Date('2026-03-01T09:00:00Z'));
  await signInAgain();
  expect((await wallet()).find((m) => m.id === february.id)?.expired).toBe(true);
  // What the wallet calls expired is what a payment refuses.
  const refused = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: accountId, amount: '5.00' }], savedMethodId: february.id });
  expect(refused.userErrors.map((e) => e.code)).toEqual(['EXPIRED_CARD']);
});

it('renews the entry of a card saved again with a new expiry, and pays with it', async () => {
  const [old] = await wallet();
  const renewed = await save(await cardThrough(CARDS.mastercard, 2, 2029));
  expect(renewed).toEqual({ userErrors: [], paymentMethod: { id: old!.id, last4: '4444', expMonth: 2, expYear: 2029, expired: false } });
  expect(await wallet()).toEqual([renewed.paymentMethod]);
  const rows = await tenantRows<{ n: string }>(platform, 'norwalk', 'SELECT count(*)::text AS n FROM saved_payment_methods WHERE removed_at IS NULL');
  expect(rows[0]!.n).toBe('1');

  const chargesBefore = (await processorCharges(platform)).length;
  const paid = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: accountId, amount: '5.00' }], savedMethodId: old!.id });
  expect(paid.userErrors).toEqual([]);
  expect(paid.payment).toMatchObject({ status: 'CAPTURED', method: { last4: '4444' } });
  expect((await processorCharges(platform)).length).toBe(chargesBefore + 1);
});

it('keeps the later expiry when the card it replaced is saved again', async () => {
  clock.set(new Date('2026-01-20T18:00:00Z'));
  await signInAgain();
  const again = await save(await cardThrough(CARDS.mastercard, 2, 2026));
  expect(again.userErrors).toEqual([]);
  expect(again.paymentMethod).toMatchObject({ expMonth: 2, expYear: 2029 });
  expect((await wallet()).map((m) => [m.last4, m.expMonth, m.expYear])).toEqual([['4444', 2, 2029]]);
});
