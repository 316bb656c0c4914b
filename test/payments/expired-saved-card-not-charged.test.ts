import { createSandboxToken } from '@platform/processor-sandbox';
import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { GOOD_PASSWORD, LOGIN, bearer, tenantRows, type AuthPayload } from '../customers/customer-api';
import { CARDS, cardToken, newKey, pay, processorCharges, residentWithDemoAccount } from './payments-api';

/*
 * A card saved in the wallet that has since expired is known expired: the platform holds its expiry. Paying with it is
 * refused before anything is recorded or sent to the processor, as autopay suspends such a card before charging it.
 */

// Mid-March in Norwalk: a card good through February has expired, one good through March has not.
const clock = new FixedClock(new Date('2026-01-20T18:00:00Z'));
let platform: TestPlatform;
let me: GraphQLTestClient;
let accountId: string;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
  ({ me, accountId } = await residentWithDemoAccount(platform, 'old-card@example.com'));
});
afterAll(() => platform.close());

const SAVE = 'mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { id } userErrors { code } } }';
const save = async (token: string) => (await me.data<{ savePaymentMethod: { paymentMethod: { id: string } } }>(SAVE, { token })).savePaymentMethod.paymentMethod.id;
const cardThrough = (number: string, expMonth: number, expYear: number) =>
  createSandboxToken(platform.processorUrl, { number, expMonth, expYear, cvc: '123', postalCode: '90650', holderName: 'Pat Payer' });

it('refuses a saved card past its expiry at savedMethodId, recording and charging nothing', async () => {
  // Two cards: the same card saved again with a later expiry renews its entry (saved-card-expiry-in-wallet.test.ts).
  const february = await save(await cardThrough(CARDS.visa, 2, 2026));
  const march = await save(await cardThrough(CARDS.mastercard, 3, 2026));
  clock.set(new Date('2026-03-15T18:00:00Z'));
  // Two months on, the session has lapsed: signed in again.
  const { login } = await platform.client.asTenant('norwalk').data<{ login: AuthPayload }>(LOGIN, { input: { identifier: 'old-card@example.com', password: GOOD_PASSWORD } });
  me = bearer(platform.client.asTenant('norwalk'), login.session!);
  const chargesBefore = (await processorCharges(platform)).length;

  const refused = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: accountId, amount: '5.00' }], savedMethodId: february });
  expect(refused).toMatchObject({ payment: null, userErrors: [{ field: ['input', 'savedMethodId'], code: 'EXPIRED_CARD', message: 'The card has expired. Please use another card.' }] });
  expect((await processorCharges(platform)).length).toBe(chargesBefore);
  expect(await tenantRows(platform, 'norwalk', 'SELECT id FROM payments')).toEqual([]);

  // Good through the last day of its month.
  const paid = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: accountId, amount: '5.00' }], savedMethodId: march });
  expect(paid.userErrors).toEqual([]);
  expect(paid.payment).toMatchObject({ status: 'CAPTURED', method: { last4: '4444' } });
  // A new card by its token is the processor's to judge, as before.
  const byToken = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: accountId, amount: '1.00' }], token: await cardToken(platform) });
  expect(byToken.userErrors).toEqual([]);
});
