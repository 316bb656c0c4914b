import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { countStatements } from './statement-counter';

/*
 * SQL statements per request, counted at the pg driver of the gateway's
 * DataSource: a list field must not cost a statement (or a transaction)
 * per item, so a page of 50 costs what a page of 10 does.
 */

let platform: TestPlatform;
let staff: GraphQLTestClient;
let counter: ReturnType<typeof countStatements>;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  counter = countStatements(platform.db);
});
afterAll(() => platform.close());

const guestPay = async (accountNumber: string, amount = '1.00') => {
  const made = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber, amount }],
    token: await cardToken(platform),
    payerEmail: 'counts@example.com',
  });
  if (!made.payment) throw new Error(JSON.stringify(made.userErrors));
  return made.payment;
};

/** Runs a query (twice: the first warms what a running gateway has warm anyway) and returns its data and the statements of the second. */
async function measured<T>(client: GraphQLTestClient, query: string, variables?: Record<string, unknown>): Promise<{ data: T; statements: string[] }> {
  await client.data<T>(query, variables);
  const { result, statements } = await counter.during(() => client.data<T>(query, variables));
  return { data: result, statements };
}

const PAYMENTS_PAGE = `query Page($first: Int!) { payments(first: $first) { edges { node { id allocations { maskedAccountNumber amount { amount } payable { referenceNumber } } history { toStatus actor } } } } }`;
type Page = { payments: { edges: { node: { id: string; allocations: unknown[]; history: unknown[] } }[] } };

describe('a staff page of payments with allocations and history', () => {
  it('costs the same statements for 50 payments as for 10', async () => {
    for (let i = 0; i < 50; i++) await guestPay(['10-1001-00', '10-1002-00', '10-1003-00', '10-1004-00'][i % 4]!);
    const ten = await measured<Page>(staff, PAYMENTS_PAGE, { first: 10 });
    const fifty = await measured<Page>(staff, PAYMENTS_PAGE, { first: 50 });
    expect(ten.data.payments.edges).toHaveLength(10);
    expect(fifty.data.payments.edges).toHaveLength(50);
    // Not vacuous: every payment's lists were there to load.
    for (const { node } of fifty.data.payments.edges) expect([node.allocations.length, node.history.length > 0]).toEqual([1, true]);
    expect(fifty.statements.length).toBe(ten.statements.length);
  });
});

const DASHBOARD = `{ viewer { serviceAccounts {
  id accountNumber status
  balance { amountDueNow { amount } pastDue { amount } }
  payables { referenceNumber total { amount } lineItems { category amount { amount } } }
  ledger(first: 5) { edges { node { kind amount { amount } } } }
  statusHistory { toStatus }
  autopay { status }
} payments(first: 20) { edges { node { id status statusLabel allocations { amount { amount } payable { referenceNumber } } } } } } }`;
type Dashboard = { viewer: { serviceAccounts: { id: string; payables: unknown[]; ledger: { edges: unknown[] } }[]; payments: { edges: { node: { allocations: unknown[] } }[] } } };
const BALANCE = '{ viewer { serviceAccounts { balance { amountDueNow { amount } } } } }';
type Balances = { viewer: { serviceAccounts: { balance: { amountDueNow: { amount: string } } }[] } };

describe("a resident's dashboard", () => {
  let tenantId: string;
  let accounts: { id: string; number: string }[];
  beforeAll(async () => {
    const [tenant] = await tenantRows<{ id: string }>(platform, 'norwalk', "SELECT id FROM tenants WHERE slug = 'norwalk'");
    tenantId = tenant!.id;
    accounts = [];
    for (let i = 1; i <= 5; i++) {
      const account = await openAccount(staff, { accountNumber: `88-000${i}-00` });
      accounts.push({ id: account.id, number: `88-000${i}-00` });
    }
    const bills = accounts.flatMap((a, i) => [`D-${i}-1,${a.number},2026-09-01,2026-09-22,40.00,22.00,18.75`, `D-${i}-2,${a.number},2026-10-01,2026-10-22,41.00,22.00,18.75`]);
    expect((await importCsv(staff, [BILL_HEADER, ...bills].join('\n'))).imported).toBe(10);
    for (const a of accounts) await guestPay(a.number, '5.00');
  });

  /** A resident who linked `count` of the accounts (linked in SQL: linking's own checks are tested elsewhere). */
  let residents = 0;
  async function residentWith(count: number): Promise<GraphQLTestClient> {
    const { session, user } = await registerCustomer(platform.client.asTenant('norwalk'), { email: `dashboard-${++residents}@example.com` });
    await tenantRows(platform, 'norwalk', 'INSERT INTO account_links (tenant_id, user_id, service_account_id, linked_at) SELECT $1, $2, a, now() FROM unnest($3::uuid[]) AS a', [
      tenantId,
      user.id,
      accounts.slice(0, count).map((a) => a.id),
    ]);
    const resident = bearer(platform.client.asTenant('norwalk'), session);
    // Payments of their own, so viewer.payments has allocations and history to load.
    for (const a of accounts.slice(0, count)) {
      const made = await pay(resident, { idempotencyKey: newKey(), allocations: [{ accountNumber: a.number, amount: '2.00' }], token: await cardToken(platform) });
      if (!made.payment) throw new Error(JSON.stringify(made.userErrors));
    }
    return resident;
  }

  it('costs the same statements for five accounts with bills and payments as for one', async () => {
    const one = await measured<Dashboard>(await residentWith(1), DASHBOARD);
    const five = await measured<Dashboard>(await residentWith(5), DASHBOARD);
    expect(one.data.viewer.serviceAccounts).toHaveLength(1);
    expect(five.data.viewer.serviceAccounts).toHaveLength(5);
    for (const account of five.data.viewer.serviceAccounts) expect([account.payables.length, account.ledger.edges.length > 0]).toEqual([2, true]);
    expect(five.data.viewer.payments.edges.map((e) => e.node.allocations.length)).toEqual([1, 1, 1, 1, 1]);
    expect(five.statements.length).toBe(one.statements.length);
  });

  it('answers a balance query in one round trip, authentication included (at most 5 statements, the issue asked)', async () => {
    const resident = await residentWith(1);
    const { data, statements } = await measured<Balances>(resident, BALANCE);
    // Its bills less what was paid by this file's payments so far: some amount, whatever the order the tests ran in.
    expect(data.viewer.serviceAccounts.map((a) => a.balance.amountDueNow.amount)).toEqual([expect.stringMatching(/^[1-9]\d*\.\d\d$/)]);
    // The session and the city come from the gateway's copies; accounts, links and balances are one read-only round trip
    // on the connections reads share (tenantRead).
    expect(statements).toEqual([expect.stringMatching(/^SELECT set_config\('app\.tenant_id', \$1, true\), set_config\('transaction_read_only', 'on', true\);\s+WITH wanted /)]);
  });
});
