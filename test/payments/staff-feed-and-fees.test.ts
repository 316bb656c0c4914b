import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { accountById, signInStaff } from '../billing/billing-api';
import { bankToken, cardToken, newKey, pay, type PaymentShape } from './payments-api';

let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
});
afterAll(() => platform.close());

const FEED = `query Feed($filter: PaymentFilter, $first: Int!, $after: String) {
  payments(filter: $filter, first: $first, after: $after) { edges { cursor node { id status method { kind } total { amount } allocations { serviceAccountId } } } pageInfo { hasNextPage endCursor } }
}`;
type Feed = { payments: { edges: { cursor: string; node: PaymentShape }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
const feed = async (variables: Record<string, unknown>) => (await staff.data<Feed>(FEED, { first: 50, ...variables })).payments;
const guestPay = async (accountNumber: string, amount: string, token: string) =>
  (await pay(platform.client.asTenant('norwalk'), { idempotencyKey: newKey(), allocations: [{ accountNumber, amount }], token, payerEmail: 'feed@example.com' })).payment!;

describe('the staff payments feed', () => {
  it('lists payments newest first, filtered by status, method, account and time, page by page', async () => {
    const a = await guestPay('10-1001-00', '3.00', await cardToken(platform));
    const b = await guestPay('10-1002-00', '4.00', await bankToken(platform));
    const c = await guestPay('10-1001-00', '5.00', await cardToken(platform, '4000000000000002'));
    expect((await feed({})).edges.map((e) => e.node.id)).toEqual([c.id, b.id, a.id]);
    expect((await feed({ filter: { statuses: ['DECLINED'] } })).edges.map((e) => e.node.id)).toEqual([c.id]);
    expect((await feed({ filter: { methodKind: 'BANK_ACCOUNT' } })).edges.map((e) => e.node.id)).toEqual([b.id]);
    const account = a.allocations[0]!.serviceAccountId;
    expect((await feed({ filter: { serviceAccountId: account } })).edges.map((e) => e.node.id)).toEqual([c.id, a.id]);
    expect((await feed({ filter: { from: new Date(Date.now() + 60_000).toISOString() } })).edges).toEqual([]);

    const first = await feed({ first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await feed({ first: 2, after: first.pageInfo.endCursor });
    expect([...first.edges, ...second.edges].map((e) => e.node.id)).toEqual([c.id, b.id, a.id]);
  });

  it('refuses a time filter that ends before it starts, rather than answering it with no payments', async () => {
    const inverted = await staff.request(FEED, { first: 5, filter: { from: '2026-11-30T00:00:00Z', to: '2026-11-01T00:00:00Z' } });
    expect(inverted.errors?.[0]).toMatchObject({
      message: 'The period ends before it starts: "to" must come after "from".',
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD', field: 'filter.to' },
    });
  });

  it('is for staff only', async () => {
    const guest = await platform.client.asTenant('norwalk').request(FEED, { first: 5 });
    expect(guest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('convenience fees', () => {
  it("adds the city's fee to what is charged, shows it, and credits the account only with the payment", async () => {
    await platform.operator.data('mutation { updateTenant(slug: "norwalk", input: { paymentRules: { convenienceFee: { kind: FLAT, amount: "1.95" } } }) { userErrors { code } } }');
    const { tenant } = await platform.client.asTenant('norwalk').data<{ tenant: { payments: { convenienceFee: string } } }>('{ tenant { payments { convenienceFee } } }');
    expect(tenant.payments.convenienceFee).toContain('$1.95');
    const payment = await guestPay('10-1004-00', '20.00', await cardToken(platform));
    expect(payment).toMatchObject({ amount: { amount: '20.00' }, convenienceFee: { amount: '1.95' }, total: { amount: '21.95' } });
    const balance = (await accountById(staff, payment.allocations[0]!.serviceAccountId)).balance;
    expect(balance.pendingPayments.amount).toBe('20.00');
  });

  it('quotes the fee on an amount as makePayment then charges it, so a page shows it before the payer confirms', async () => {
    await platform.operator.data(
      'mutation { updateTenant(slug: "norwalk", input: { paymentRules: { convenienceFee: { kind: PERCENT, percentBasisPoints: 295, minimum: "1.00" } } }) { userErrors { code } } }',
    );
    const quote = async (amount: string) =>
      (
        await platform.client
          .asTenant('norwalk')
          .data<{ tenant: { payments: { convenienceFeeFor: { amount: string } } } }>('query($a: String!) { tenant { payments { convenienceFeeFor(amount: $a) { amount } } } }', { a: amount })
      ).tenant.payments.convenienceFeeFor.amount;
    // 2.95% of $100.00, and the $1.00 minimum on $20.00 (2.95% would be $0.59).
    expect([await quote('100.00'), await quote('20.00')]).toEqual(['2.95', '1.00']);
    const payment = await guestPay('10-1004-00', '100.00', await cardToken(platform));
    expect(payment).toMatchObject({ convenienceFee: { amount: '2.95' }, total: { amount: '102.95' } });

    for (const amount of ['0.00', '-5', '1.234', 'ten']) {
      const refused = await platform.client.asTenant('norwalk').request('query($a: String!) { tenant { payments { convenienceFeeFor(amount: $a) { amount } } } }', { a: amount });
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    await platform.operator.data('mutation { updateTenant(slug: "norwalk", input: { paymentRules: { convenienceFee: { kind: NONE } } }) { userErrors { code } } }');
  });
});
