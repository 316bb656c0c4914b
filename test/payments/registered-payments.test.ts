import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { CARDS, PAYMENT_FIELDS, bankToken, cardToken, newKey, pay, type PaymentShape } from './payments-api';

let platform: TestPlatform;
let me: GraphQLTestClient;
const linked: Record<string, string> = {};
beforeAll(async () => {
  platform = await startTestPlatform();
  const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'two-homes@example.com' });
  me = bearer(platform.client.asTenant('norwalk'), session);
  // Norwalk links an account by its number and the house number of its service address.
  for (const [accountNumber, serviceHouseNumber] of [
    ['10-1001-00', '12700'],
    ['10-1002-00', '11929'],
  ] as const) {
    const { linkServiceAccount } = await me.data<{ linkServiceAccount: { serviceAccount: { id: string } } }>(
      'mutation Link($n: String!, $house: String!) { linkServiceAccount(input: { accountNumber: $n, serviceHouseNumber: $house }) { serviceAccount { id } } }',
      { n: accountNumber, house: serviceHouseNumber },
    );
    linked[accountNumber] = linkServiceAccount.serviceAccount.id;
  }
});
afterAll(() => platform.close());

const SAVE = 'mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { id kind brand last4 expMonth expYear } userErrors { field code message } } }';
type Saved = { savePaymentMethod: { paymentMethod: { id: string; kind: string; brand: string | null; last4: string } | null; userErrors: { code: string }[] } };

describe('a registered Norwalk customer', () => {
  let cardId: string;

  it('saves a card: only the processor ids, brand, last 4 and expiry are kept', async () => {
    const { savePaymentMethod } = await me.data<Saved>(SAVE, { token: await cardToken(platform, CARDS.mastercard) });
    expect(savePaymentMethod).toMatchObject({ userErrors: [], paymentMethod: { kind: 'CARD', brand: 'MASTERCARD', last4: '4444', expMonth: 12, expYear: 2030 } });
    cardId = savePaymentMethod.paymentMethod!.id;
    const [row] = await tenantRows<Record<string, unknown>>(platform, 'norwalk', 'SELECT * FROM saved_payment_methods WHERE id = $1', [cardId]);
    expect(Object.keys(row!).sort()).toEqual([
      'brand',
      'created_at',
      'exp_month',
      'exp_year',
      'fingerprint',
      'holder_name',
      'id',
      'kind',
      'last4',
      'processor_method_id',
      'processor_profile_id',
      'removed_at',
      'tenant_id',
      'user_id',
    ]);
    expect(JSON.stringify(row)).not.toContain(CARDS.mastercard);
  });

  it('refuses what is no token as makePayment does, at the token: a card number typed there, and a mistyped one', async () => {
    const codes = async (token: string) => (await me.data<Saved>(SAVE, { token })).savePaymentMethod;
    expect(await codes('4111 1111 1111 1111')).toMatchObject({ paymentMethod: null, userErrors: [{ field: ['token'], code: 'CARD_NUMBER_NOT_ACCEPTED' }] });
    expect(await codes('4111 1111 1111 1112')).toMatchObject({ paymentMethod: null, userErrors: [{ field: ['token'], code: 'INVALID_TOKEN' }] });
  });

  it('cannot save a card the city does not take', async () => {
    const { savePaymentMethod } = await me.data<Saved>(SAVE, { token: await cardToken(platform, CARDS.discover) });
    expect(savePaymentMethod).toMatchObject({ paymentMethod: null, userErrors: [{ code: 'CARD_BRAND_NOT_ACCEPTED' }] });
  });

  it('pays two linked accounts in one payment with the saved card, and sees it in their history', async () => {
    const result = await pay(me, {
      idempotencyKey: newKey(),
      allocations: [
        { serviceAccountId: linked['10-1001-00'], amount: '88.05' },
        { serviceAccountId: linked['10-1002-00'], amount: '313.00' },
      ],
      savedMethodId: cardId,
    });
    expect(result.userErrors).toEqual([]);
    expect(result.receiptToken).toBeNull();
    expect(result.payment).toMatchObject({ status: 'CAPTURED', total: { amount: '401.05' }, method: { brand: 'MASTERCARD', last4: '4444' } });
    expect(result.payment!.allocations.map((a) => a.amount.amount)).toEqual(['88.05', '313.00']);

    const { viewer } = await me.data<{ viewer: { payments: { edges: { node: PaymentShape }[] }; serviceAccounts: { accountNumber: string; balance: { amountDueNow: { amount: string } } }[] } }>(
      `{ viewer { payments(first: 5) { edges { node { ${PAYMENT_FIELDS} } } } serviceAccounts { accountNumber balance { amountDueNow { amount } } } } }`,
    );
    expect(viewer.payments.edges.map((e) => e.node.id)).toEqual([result.payment!.id]);
    expect(viewer.serviceAccounts.map((a) => a.balance.amountDueNow.amount)).toEqual(['0.00', '0.00']);
    // The receipt goes to the customer's own email.
    const [receipt] = await tenantRows<{ recipient: string }>(platform, 'norwalk', `SELECT recipient FROM notification_outbox WHERE template = 'PAYMENT_RECEIPT'`);
    expect(receipt?.recipient).toBe('two-homes@example.com');
  });

  it('cannot pay an account they have not linked by its id, nor use another customer’s saved card', async () => {
    const notLinked = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: '00000000-0000-4000-8000-000000000000', amount: '1.00' }], savedMethodId: cardId });
    expect(notLinked.userErrors[0]?.code).toBe('ACCOUNT_NOT_LINKED');
    const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'someone-else@example.com' });
    const other = bearer(platform.client.asTenant('norwalk'), session);
    const stolen = await pay(other, { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1004-00', amount: '1.00' }], savedMethodId: cardId });
    expect(stolen.userErrors[0]?.code).toBe('METHOD_NOT_FOUND');
  });

  it('is told of a declined saved card the way a declined token is told: the payment, and the decline at savedMethodId', async () => {
    const { savePaymentMethod } = await me.data<Saved>(SAVE, { token: await cardToken(platform, CARDS.insufficientFunds) });
    const declined = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: linked['10-1001-00'], amount: '5.00' }], savedMethodId: savePaymentMethod.paymentMethod!.id });
    expect(declined.payment).toMatchObject({ status: 'DECLINED', declineCode: 'INSUFFICIENT_FUNDS' });
    expect(declined.userErrors).toEqual([{ field: ['input', 'savedMethodId'], code: 'INSUFFICIENT_FUNDS', message: 'The card was declined for insufficient funds.' }]);
    await me.data('mutation Remove($id: UUID!) { removePaymentMethod(id: $id) { userErrors { code } } }', { id: savePaymentMethod.paymentMethod!.id });
  });

  it('lists and removes saved methods', async () => {
    const bank = await me.data<Saved>(SAVE, { token: await bankToken(platform) });
    expect(bank.savePaymentMethod.paymentMethod).toMatchObject({ kind: 'BANK_ACCOUNT', brand: null, last4: '6789' });
    const list = async () => (await me.data<{ paymentMethods: { id: string }[] }>('{ paymentMethods { id } }')).paymentMethods.map((m) => m.id);
    expect(await list()).toEqual([cardId, bank.savePaymentMethod.paymentMethod!.id]);
    const removed = await me.data<{ removePaymentMethod: { userErrors: unknown[] } }>('mutation R($id: UUID!) { removePaymentMethod(id: $id) { userErrors { code } } }', { id: cardId });
    expect(removed.removePaymentMethod.userErrors).toEqual([]);
    expect(await list()).toEqual([bank.savePaymentMethod.paymentMethod!.id]);
    const gone = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: linked['10-1001-00'], amount: '1.00' }], savedMethodId: cardId });
    expect(gone.userErrors[0]?.code).toBe('METHOD_NOT_FOUND');
  });

  it('is refused a wallet while signed out', async () => {
    const guest = await platform.client.asTenant('norwalk').request('{ paymentMethods { id } }');
    expect(guest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
