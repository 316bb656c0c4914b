import { countRows } from '../customers/customer-api';
import { OPEN_ACCOUNT, openAccount, signInStaff, platformWithStaff } from './billing-api';

const env = platformWithStaff('norwalk', 'SUPPORT');

const SEARCH = `query Search($search: String, $status: AccountStatus, $first: Int!, $after: String) {
  serviceAccounts(search: $search, status: $status, first: $first, after: $after) {
    edges { cursor node { accountNumber customerName status balance { amountDueNow { amount } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
type Page = { serviceAccounts: { edges: { node: { accountNumber: string; customerName: string; status: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
const search = async (variables: Record<string, unknown>) => (await env.staff.data<Page>(SEARCH, { first: 20, ...variables })).serviceAccounts;
type Opened = { openServiceAccount: { serviceAccount: unknown; userErrors: { field: string[]; code: string }[] } };

describe('staff account search', () => {
  it('finds demo accounts by number (any punctuation), by name and by street, in number order', async () => {
    expect((await search({ search: '101002' })).edges.map((e) => e.node.accountNumber)).toEqual(['10-1002-00']);
    expect((await search({ search: 'gutierrez' })).edges.map((e) => e.node.customerName)).toEqual(['Ana Gutierrez']);
    expect((await search({ search: 'Alondra' })).edges.map((e) => e.node.accountNumber)).toEqual(['10-1002-00']);
    expect((await search({ status: 'DISCONNECTED' })).edges.map((e) => e.node.accountNumber)).toEqual(['10-1003-00']);
    // Percent signs are text, not wildcards.
    expect((await search({ search: '%' })).edges).toEqual([]);
  });

  it('pages through results with a cursor', async () => {
    const first = await search({ first: 3 });
    expect(first.edges).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await search({ first: 3, after: first.pageInfo.endCursor });
    const numbers = [...first.edges, ...second.edges].map((e) => e.node.accountNumber);
    expect(numbers).toEqual([...numbers].sort());
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it("never shows another city's accounts", async () => {
    expect((await search({ search: '2002' })).edges).toEqual([]);
    const normanStaff = await signInStaff(env.platform, 'norman', 'SUPPORT');
    const norman = (await normanStaff.data<Page>(SEARCH, { first: 20 })).serviceAccounts.edges.map((e) => e.node.accountNumber);
    expect(norman.length).toBeGreaterThan(0);
    expect(norman.every((n) => /^200\d-/.test(n))).toBe(true);
  });
});

describe('opening accounts', () => {
  it('refuses a duplicate number (however it is written), missing fields and bad dates, writing nothing', async () => {
    await openAccount(env.staff, { accountNumber: '40-0001-00' });
    const before = await countRows(env.platform, 'norwalk', 'service_accounts');
    const dup = await env.staff.data<Opened>(OPEN_ACCOUNT, { input: { accountNumber: '40 0001 00', customerName: 'X', addressLine1: '1 A St', city: 'Norwalk', region: 'CA', postalCode: '90650' } });
    expect(dup.openServiceAccount.userErrors).toEqual([expect.objectContaining({ field: ['input', 'accountNumber'], code: 'ACCOUNT_NUMBER_TAKEN' })]);
    const bad = await env.staff.data<Opened>(OPEN_ACCOUNT, {
      input: { accountNumber: '40_0002', customerName: ' ', addressLine1: '1 A St', city: 'Norwalk', region: 'CA', postalCode: '90650', openedOn: '2026-02-30' },
    });
    expect(bad.openServiceAccount.userErrors.map((e) => [e.field.join('.'), e.code]).sort()).toEqual([
      ['input.accountNumber', 'INVALID_ACCOUNT_NUMBER'],
      ['input.customerName', 'REQUIRED'],
      ['input.openedOn', 'INVALID_DATE'],
    ]);
    expect(await countRows(env.platform, 'norwalk', 'service_accounts')).toBe(before);
  });

  it('is for staff only', async () => {
    const guest = await env.platform.client
      .asTenant('norwalk')
      .request(OPEN_ACCOUNT, { input: { accountNumber: '40-0009-00', customerName: 'X', addressLine1: '1 A St', city: 'Norwalk', region: 'CA', postalCode: '90650' } });
    expect(guest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
