import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, tenantRows } from './customer-api';

let platform: TestPlatform;
beforeAll(async () => {
  // Demo accounts are seeded (see services/billing/src/seed/demo-accounts.ts).
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const from = (slug: string) => platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });

const LINK = `mutation Link($input: LinkServiceAccountInput!) {
  linkServiceAccount(input: $input) { serviceAccount { id accountNumber customerName } userErrors { field code message } }
}`;
const UNLINK = `mutation Unlink($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { field code message } } }`;
const MY_ACCOUNTS = `{ viewer { user { email } serviceAccounts { id accountNumber customerName status balance { amountDueNow { amount } pastDue { amount } } } } }`;

type LinkPayload = { linkServiceAccount: { serviceAccount: { id: string; accountNumber: string; customerName: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };
type MyAccounts = { viewer: { serviceAccounts: { id: string; accountNumber: string; customerName: string; status: string; balance: { amountDueNow: { amount: string }; pastDue: { amount: string } } }[] } };

async function customerAt(slug: 'norwalk' | 'norman', email: string): Promise<GraphQLTestClient> {
  const extra = slug === 'norman' ? { username: email.split('@')[0]!.replace(/\W/g, '_'), name: 'Pat Payer', phone: '405-555-0100' } : {};
  const { session } = await registerCustomer(from(slug), { email, ...extra });
  return bearer(from(slug), session);
}
const link = async (client: GraphQLTestClient, input: Record<string, unknown>) => (await client.data<LinkPayload>(LINK, { input })).linkServiceAccount;
const myAccounts = async (client: GraphQLTestClient) => (await client.data<MyAccounts>(MY_ACCOUNTS)).viewer.serviceAccounts;

describe('linking service accounts', () => {
  it('links two accounts at Norwalk by number and shows them, with balances, in viewer', async () => {
    const me = await customerAt('norwalk', 'two-homes@example.com');
    expect(await link(me, { accountNumber: '10-1001-00' })).toMatchObject({ userErrors: [], serviceAccount: { accountNumber: '10-1001-00', customerName: 'Maria Lopez' } });
    expect((await link(me, { accountNumber: '10 1002 00' })).userErrors).toEqual([]);
    // Linking again is harmless.
    expect((await link(me, { accountNumber: '10-1001-00' })).userErrors).toEqual([]);

    const accounts = await myAccounts(me);
    expect(accounts.map((a) => [a.accountNumber, a.status, a.balance.amountDueNow.amount, a.balance.pastDue.amount])).toEqual([
      ['10-1001-00', 'ACTIVE', '88.05', '0.00'],
      ['10-1002-00', 'ACTIVE', '313.00', '206.60'],
    ]);
  });

  it('links one account at Norman with the last payment amount', async () => {
    const me = await customerAt('norman', 'okie-payer@example.com');
    expect((await link(me, { accountNumber: '2002-0933' })).userErrors).toEqual([{ field: ['input', 'lastPaymentAmount'], code: 'REQUIRED', message: expect.any(String) }]);
    const wrong = await link(me, { accountNumber: '2002-0933', lastPaymentAmount: '39.99' });
    const unknown = await link(me, { accountNumber: '2999-9999', lastPaymentAmount: '40.00' });
    expect(wrong).toEqual(unknown);
    expect(wrong).toEqual({ serviceAccount: null, userErrors: [{ field: [], code: 'VERIFICATION_FAILED', message: expect.any(String) }] });
    expect(await myAccounts(me)).toEqual([]);

    expect((await link(me, { accountNumber: '2002-0933', lastPaymentAmount: '40.00' })).serviceAccount?.accountNumber).toBe('2002-0933');
    expect((await myAccounts(me)).map((a) => [a.accountNumber, a.balance.amountDueNow.amount])).toEqual([['2002-0933', '307.15']]);
  });

  it('unlinks, and says so when the account was not linked', async () => {
    const me = await customerAt('norwalk', 'mover@example.com');
    const linked = await link(me, { accountNumber: '10-1004-00' });
    const id = linked.serviceAccount!.id;
    expect((await me.data<{ unlinkServiceAccount: { userErrors: unknown[] } }>(UNLINK, { id })).unlinkServiceAccount.userErrors).toEqual([]);
    expect(await myAccounts(me)).toEqual([]);
    const again = await me.data<{ unlinkServiceAccount: { userErrors: { code: string }[] } }>(UNLINK, { id });
    expect(again.unlinkServiceAccount.userErrors[0]?.code).toBe('NOT_LINKED');
  });

  it("keeps each user's links their own, and each city's accounts in that city", async () => {
    const owner = await customerAt('norwalk', 'owner@example.com');
    const other = await customerAt('norwalk', 'other@example.com');
    await link(owner, { accountNumber: '10-1003-00' });
    expect(await myAccounts(other)).toEqual([]);
    // Norman's account number means nothing at Norwalk.
    expect((await link(other, { accountNumber: '2002-0933' })).userErrors[0]?.code).toBe('VERIFICATION_FAILED');
  });

  it('records links and failed proofs in the audit log', async () => {
    const rows = await tenantRows<{ kind: string }>(platform, 'norman', `SELECT kind FROM security_events WHERE kind LIKE 'ACCOUNT_%' ORDER BY occurred_at, kind`);
    expect(rows.map((r) => r.kind).sort()).toEqual(['ACCOUNT_LINKED', 'ACCOUNT_LINK_FAILED', 'ACCOUNT_LINK_FAILED', 'ACCOUNT_LINK_FAILED']);
  });

  it('needs a signed-in user', async () => {
    const guest = await from('norwalk').request(LINK, { input: { accountNumber: '10-1001-00' } });
    expect(guest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
