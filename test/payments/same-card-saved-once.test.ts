import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { BANK, CARDS, bankToken, cardToken } from './payments-api';

/*
 * A resident who adds the card already in their wallet (a second tab, a second try after a slow answer) finds it
 * there once: two copies would both be offered on the pay page and to autopay, and removing one would leave the other.
 */

let platform: TestPlatform;
let me: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'one-card@example.com' });
  me = bearer(platform.client.asTenant('norwalk'), session);
});
afterAll(() => platform.close());

const SAVE = 'mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { id kind brand last4 } userErrors { field code message } } }';
type Saved = { savePaymentMethod: { paymentMethod: { id: string; kind: string; brand: string | null; last4: string } | null; userErrors: { code: string }[] } };
const save = async (token: string) => (await me.data<Saved>(SAVE, { token })).savePaymentMethod;
const wallet = async () => (await me.data<{ paymentMethods: { id: string; last4: string }[] }>('{ paymentMethods { id last4 } }')).paymentMethods;

describe('the same card or bank account saved again', () => {
  it('is kept once, and the second save answers with the one the wallet holds', async () => {
    const first = await save(await cardToken(platform, CARDS.visa));
    const again = await save(await cardToken(platform, CARDS.visa));
    expect(again).toEqual({ userErrors: [], paymentMethod: first.paymentMethod });
    expect(await wallet()).toEqual([{ id: first.paymentMethod!.id, last4: '4242' }]);
  });

  it('is kept once when two tabs save it at the same moment', async () => {
    const tokens = await Promise.all([cardToken(platform, CARDS.mastercard), cardToken(platform, CARDS.mastercard)]);
    const saved = await Promise.all(tokens.map(save));
    expect(saved.map((s) => s.userErrors)).toEqual([[], []]);
    expect(saved[1]!.paymentMethod!.id).toBe(saved[0]!.paymentMethod!.id);
    expect((await wallet()).filter((m) => m.last4 === '4444')).toEqual([{ id: saved[0]!.paymentMethod!.id, last4: '4444' }]);
  });

  it('keeps a bank account once too, and another card or account still adds', async () => {
    const bank = await save(await bankToken(platform));
    expect((await save(await bankToken(platform))).paymentMethod?.id).toBe(bank.paymentMethod!.id);
    const other = await save(await bankToken(platform, BANK.accounts.returnsInsufficientFunds));
    expect(other.paymentMethod?.id).not.toBe(bank.paymentMethod!.id);
    const amex = await save(await cardToken(platform, CARDS.americanExpress));
    expect(amex.userErrors).toEqual([]);
    expect((await wallet()).map((m) => m.last4)).toEqual(['4242', '4444', '6789', '0001', '0005']);
    const rows = await tenantRows<{ n: string }>(platform, 'norwalk', 'SELECT count(*)::text AS n FROM saved_payment_methods WHERE removed_at IS NULL');
    expect(rows[0]!.n).toBe('5');
  });

  it('can be saved again once removed', async () => {
    const [visa] = await wallet();
    await me.data('mutation R($id: UUID!) { removePaymentMethod(id: $id) { userErrors { code } } }', { id: visa!.id });
    const back = await save(await cardToken(platform, CARDS.visa));
    expect(back.userErrors).toEqual([]);
    expect(back.paymentMethod!.id).not.toBe(visa!.id);
    expect((await wallet()).filter((m) => m.last4 === '4242')).toEqual([{ id: back.paymentMethod!.id, last4: '4242' }]);
  });
});
