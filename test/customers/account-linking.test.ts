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
type MyAccounts = {
  viewer: { serviceAccounts: { id: string; accountNumber: string; customerName: string; status: string; balance: { amountDueNow: { amount: string }; pastDue: { amount: string } } }[] };
};

async function customerAt(slug: 'norwalk' | 'norman', email: string): Promise<GraphQLTestClient> {
  const extra = slug === 'norman' ? { username: email.split('@')[0]!.replace(/\W/g, '_'), name: 'Pat Payer', phone: '405-555-0100' } : {};
  const { session } = await registerCustomer(from(slug), { email, ...extra });
  return bearer(from(slug), session);
}
const link = async (client: GraphQLTestClient, input: Record<string, unknown>) => (await client.data<LinkPayload>(LINK, { input })).linkServiceAccount;
const myAccounts = async (client: GraphQLTestClient) => (await client.data<MyAccounts>(MY_ACCOUNTS)).viewer.serviceAccounts;

describe('linking service accounts', () => {
  it("links two accounts at Norwalk by number and the service address's house number, and shows them, with balances, in viewer", async () => {
    const me = await customerAt('norwalk', 'two-homes@example.com');
    expect(await link(me, { accountNumber: '10-1001-00', serviceHouseNumber: '12700' })).toMatchObject({
      userErrors: [],
      serviceAccount: { accountNumber: '10-1001-00', customerName: 'Maria Lopez' },
    });
    expect((await link(me, { accountNumber: '10 1002 00', serviceHouseNumber: '11929' })).userErrors).toEqual([]);
    // Linking again is harmless.
    expect((await link(me, { accountNumber: '10-1001-00', serviceHouseNumber: '12700' })).userErrors).toEqual([]);

    const accounts = await myAccounts(me);
    expect(accounts.map((a) => [a.accountNumber, a.status, a.balance.amountDueNow.amount, a.balance.pastDue.amount])).toEqual([
      ['10-1001-00', 'ACTIVE', '88.05', '0.00'],
      ['10-1002-00', 'ACTIVE', '313.00', '206.60'],
    ]);
  });

  it('reveals nothing at Norwalk to someone who knows only the number, or only what a guest is shown', async () => {
    const me = await customerAt('norwalk', 'curious@example.com');
    const numberOnly = await link(me, { accountNumber: '10-1002-00' });
    expect(numberOnly).toEqual({ serviceAccount: null, userErrors: [{ field: ['input', 'serviceHouseNumber'], code: 'REQUIRED', message: expect.any(String) }] });
    // What the number alone shows a guest (the amount due, the latest bill) is no proof here.
    const guestView = await from('norwalk').data<{ lookupAccount: { account: { amountDue: { amount: string } } } }>(
      'mutation { lookupAccount(input: { accountNumber: "10-1001-00" }) { account { amountDue { amount } } } }',
    );
    expect(guestView.lookupAccount.account.amountDue.amount).toBe('88.05');
    const shownToGuests = await link(me, { accountNumber: '10-1001-00', latestBillAmount: '88.05' });
    expect(shownToGuests.userErrors).toEqual([{ field: ['input', 'serviceHouseNumber'], code: 'REQUIRED', message: expect.any(String) }]);
    const wrongHouse = await link(me, { accountNumber: '10-1002-00', serviceHouseNumber: '11930' });
    const unknown = await link(me, { accountNumber: '10-9999-00', serviceHouseNumber: '11929' });
    expect(wrongHouse).toEqual(unknown);
    expect(wrongHouse).toEqual({ serviceAccount: null, userErrors: [{ field: ['input'], code: 'VERIFICATION_FAILED', message: expect.any(String) }] });
    expect(JSON.stringify([numberOnly, shownToGuests, wrongHouse])).not.toMatch(/James|Carter|Alondra|Maria|Lopez/);
    expect(await myAccounts(me)).toEqual([]);
  });

  it('counts failed proofs against the account’s limit: after 5, even the right one waits', async () => {
    const me = await customerAt('norwalk', 'guesser@example.com');
    for (let i = 0; i < 5; i++) expect((await link(me, { accountNumber: '10-1003-00', serviceHouseNumber: `1320${i + 1}` })).userErrors[0]?.code).toBe('VERIFICATION_FAILED');
    const locked = await me.request(LINK, { input: { accountNumber: '10-1003-00', serviceHouseNumber: '13200' } });
    expect(locked.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number), reason: 'SECOND_FACTOR_LOCKOUT' });
  });

  it('says what each city asks for on tenant.accountLinking', async () => {
    const proof = async (slug: string) => (await from(slug).data<{ tenant: { accountLinking: { proof: string } } }>('{ tenant { accountLinking { proof } } }')).tenant.accountLinking.proof;
    expect(await proof('norwalk')).toBe('SERVICE_HOUSE_NUMBER');
    expect(await proof('norman')).toBe('LAST_PAYMENT_AMOUNT');
  });

  it('refuses an amount as the proof where the number alone shows what is owed and takes a payment', async () => {
    type Updated = { updateTenant: { userErrors: { field: string[]; code: string }[] } };
    const update = (slug: string, input: string) => platform.operator.data<Updated>(`mutation { updateTenant(slug: "${slug}", input: ${input}) { userErrors { field code } } }`);
    for (const proof of ['LATEST_BILL_AMOUNT', 'LAST_PAYMENT_AMOUNT']) {
      expect((await update('norwalk', `{ accountLinking: { proof: ${proof} } }`)).updateTenant.userErrors).toEqual([{ field: ['input', 'accountLinking', 'proof'], code: 'INVALID' }]);
    }
    // Norman asks guests for the last payment too: an amount may prove a holder there, but not once the number alone does.
    expect((await update('norman', '{ paymentRules: { verificationMode: ACCOUNT_NUMBER } }')).updateTenant.userErrors).toEqual([{ field: ['input', 'accountLinking', 'proof'], code: 'INVALID' }]);
    expect((await update('norman', '{ accountLinking: { proof: LATEST_BILL_AMOUNT } }')).updateTenant.userErrors).toEqual([]);
    expect((await update('norman', '{ accountLinking: { proof: LAST_PAYMENT_AMOUNT } }')).updateTenant.userErrors).toEqual([]);
  });

  it('links one account at Norman with the last payment amount', async () => {
    const me = await customerAt('norman', 'okie-payer@example.com');
    expect((await link(me, { accountNumber: '2002-0933' })).userErrors).toEqual([{ field: ['input', 'lastPaymentAmount'], code: 'REQUIRED', message: expect.any(String) }]);
    const wrong = await link(me, { accountNumber: '2002-0933', lastPaymentAmount: '39.99' });
    const unknown = await link(me, { accountNumber: '2999-9999', lastPaymentAmount: '40.00' });
    expect(wrong).toEqual(unknown);
    expect(wrong).toEqual({ serviceAccount: null, userErrors: [{ field: ['input'], code: 'VERIFICATION_FAILED', message: expect.any(String) }] });
    expect(await myAccounts(me)).toEqual([]);

    expect((await link(me, { accountNumber: '2002-0933', lastPaymentAmount: '40.00' })).serviceAccount?.accountNumber).toBe('2002-0933');
    expect((await myAccounts(me)).map((a) => [a.accountNumber, a.balance.amountDueNow.amount])).toEqual([['2002-0933', '307.15']]);
  });

  it('unlinks, and says so when the account was not linked', async () => {
    const me = await customerAt('norwalk', 'mover@example.com');
    const linked = await link(me, { accountNumber: '10-1004-00', serviceHouseNumber: '14501' });
    const id = linked.serviceAccount!.id;
    expect((await me.data<{ unlinkServiceAccount: { userErrors: unknown[] } }>(UNLINK, { id })).unlinkServiceAccount.userErrors).toEqual([]);
    expect(await myAccounts(me)).toEqual([]);
    const again = await me.data<{ unlinkServiceAccount: { userErrors: { code: string }[] } }>(UNLINK, { id });
    expect(again.unlinkServiceAccount.userErrors[0]?.code).toBe('ACCOUNT_NOT_LINKED');
  });

  it("keeps each user's links their own, and each city's accounts in that city", async () => {
    const owner = await customerAt('norwalk', 'owner@example.com');
    const other = await customerAt('norwalk', 'other@example.com');
    expect((await link(owner, { accountNumber: '10-1004-00', serviceHouseNumber: '14501' })).userErrors).toEqual([]);
    expect(await myAccounts(other)).toEqual([]);
    // Norman's account number means nothing at Norwalk.
    expect((await link(other, { accountNumber: '2002-0933', serviceHouseNumber: '305' })).userErrors[0]?.code).toBe('VERIFICATION_FAILED');
  });

  it('records links and failed proofs in the audit log', async () => {
    const rows = await tenantRows<{ kind: string }>(platform, 'norman', `SELECT kind FROM security_events WHERE kind LIKE 'ACCOUNT_%' ORDER BY occurred_at, kind`);
    // A missing amount is a form error, not a failed proof.
    expect(rows.map((r) => r.kind).sort()).toEqual(['ACCOUNT_LINKED', 'ACCOUNT_LINK_FAILED', 'ACCOUNT_LINK_FAILED']);
  });

  it('needs a signed-in user', async () => {
    const guest = await from('norwalk').request(LINK, { input: { accountNumber: '10-1001-00', serviceHouseNumber: '12700' } });
    expect(guest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("takes the service address's house number where the city chooses that proof", async () => {
    const updated = await platform.operator.data<{ updateTenant: { tenant: { accountLinking: { proof: string } } | null; userErrors: unknown[] } }>(
      'mutation { updateTenant(slug: "norman", input: { accountLinking: { proof: SERVICE_HOUSE_NUMBER } }) { tenant { accountLinking { proof } } userErrors { field code } } }',
    );
    expect(updated.updateTenant).toEqual({ tenant: { accountLinking: { proof: 'SERVICE_HOUSE_NUMBER' } }, userErrors: [] });
    const me = await customerAt('norman', 'house-proof@example.com');
    expect((await link(me, { accountNumber: '2001-0417', lastPaymentAmount: '100.65' })).userErrors).toEqual([
      { field: ['input', 'serviceHouseNumber'], code: 'REQUIRED', message: expect.any(String) },
    ]);
    expect((await link(me, { accountNumber: '2001-0417', serviceHouseNumber: '1201' })).userErrors[0]?.code).toBe('VERIFICATION_FAILED');
    expect((await link(me, { accountNumber: '2001-0417', serviceHouseNumber: ' 1200 ' })).serviceAccount?.accountNumber).toBe('2001-0417');
  });
});
