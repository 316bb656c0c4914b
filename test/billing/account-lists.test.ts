import { BILL_HEADER, importCsv, openAccount, platformWithStaff } from './billing-api';

const env = platformWithStaff('norwalk', 'SUPPORT');

/** Every list a staff screen shows of each account, for a page of accounts. */
const ACCOUNTS_WITH_LISTS = `query Accounts($first: Int!) {
  serviceAccounts(first: $first) {
    edges { node {
      accountNumber
      balance { amountDueNow { amount } }
      payables(first: 2) { referenceNumber lineItems { category amount { amount } } }
      ledger(first: 3) { edges { node { kind amount { amount } } } pageInfo { hasNextPage } }
      statusHistory { toStatus reason }
    } }
  }
}`;
type AccountsPage = { serviceAccounts: { edges: { node: { accountNumber: string; payables: unknown[]; ledger: { edges: unknown[] }; statusHistory: unknown[] } }[] } };

/** The SQL statements the gateway runs while `work` runs (TypeORM reports each one to its logger). */
async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const spy = jest.spyOn(env.platform.db.logger, 'logQuery').mockImplementation((query: string) => void statements.push(query));
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return statements;
}

describe("an account's lists", () => {
  it('cost the same number of statements for a page of one account as for a page of many', async () => {
    // Warm first: the gateway keeps the city and open sessions in memory, so only a first request looks them up.
    await env.staff.data<AccountsPage>(ACCOUNTS_WITH_LISTS, { first: 1 });
    const one = await statementsDuring(() => env.staff.data<AccountsPage>(ACCOUNTS_WITH_LISTS, { first: 1 }));
    let page: AccountsPage | undefined;
    const many = await statementsDuring(async () => (page = await env.staff.data<AccountsPage>(ACCOUNTS_WITH_LISTS, { first: 4 })));
    // The demo accounts have bills, payments and status changes, so every list has rows to load.
    const nodes = page!.serviceAccounts.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(4);
    for (const node of nodes) {
      expect(node.payables.length).toBeGreaterThan(0);
      expect(node.ledger.edges.length).toBeGreaterThan(0);
      expect(node.statusHistory.length).toBeGreaterThan(0);
    }
    const touching = (statements: string[], table: string) => statements.filter((sql) => new RegExp(`\\b${table}\\b`).test(sql)).length;
    for (const table of ['payables', 'ledger_entries', 'account_status_changes', 'payment_allocations']) {
      expect([table, touching(many, table)]).toEqual([table, touching(one, table)]);
    }
    expect(many.length).toBe(one.length);
  });

  it('pages through a ledger, newest first, with the cursor each page gives', async () => {
    const account = await openAccount(env.staff, { accountNumber: '60-0001-00' });
    await importCsv(env.staff, [BILL_HEADER, ...Array.from({ length: 5 }, (_, i) => `L-60${i},60-0001-00,2026-0${i + 1}-01,2026-0${i + 1}-21,1${i}.00,,`)].join('\n'));
    const LEDGER = `query Ledger($id: UUID!, $after: String) { serviceAccount(id: $id) { ledger(first: 2, after: $after) { edges { cursor node { amount { amount } } } pageInfo { hasNextPage endCursor } } } }`;
    type Page = { serviceAccount: { ledger: { edges: { node: { amount: { amount: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } };
    const amounts: string[] = [];
    let after: string | null = null;
    const pages: boolean[] = [];
    do {
      const { ledger }: Page['serviceAccount'] = (await env.staff.data<Page>(LEDGER, { id: account.id, after })).serviceAccount;
      amounts.push(...ledger.edges.map((edge) => edge.node.amount.amount));
      pages.push(ledger.pageInfo.hasNextPage);
      after = ledger.pageInfo.hasNextPage ? ledger.pageInfo.endCursor : null;
    } while (after);
    expect(amounts).toEqual(['14.00', '13.00', '12.00', '11.00', '10.00']);
    expect(pages).toEqual([true, true, false]);
  });

  it('refuses a cursor no list gave out, rather than quietly serving the first page', async () => {
    const [account] = (await env.staff.data<{ serviceAccounts: { edges: { node: { id: string } }[] } }>('{ serviceAccounts(first: 1) { edges { node { id } } } }')).serviceAccounts.edges;
    const badLedger = await env.staff.request(`query L($id: UUID!) { serviceAccount(id: $id) { ledger(after: "42") { edges { cursor } } } }`, { id: account!.node.id });
    expect(badLedger.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    const badSearch = await env.staff.withHeaders({ 'accept-language': 'es' }).request('{ serviceAccounts(after: "not-a-cursor") { edges { cursor } } }');
    expect(badSearch.errors?.[0]).toMatchObject({ message: expect.stringMatching(/cursor/), extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } });
    expect(badSearch.errors?.[0]?.message).toMatch(/lista/);
  });
});
