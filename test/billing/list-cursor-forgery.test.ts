import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, signInStaff } from './billing-api';

/*
 * A list's cursor is opaque, but a client can forge one: base64url JSON is
 * easy to write. Whatever it holds, it is refused as INVALID_CURSOR before it
 * reaches SQL, where a number past bigint or text PostgreSQL cannot hold
 * would fail the query (a 500, logged as our fault).
 */
let platform: TestPlatform;
let support: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  support = await signInStaff(platform, 'norwalk', 'SUPPORT');
});
afterAll(() => platform.close());

const cursorOf = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
const LEDGER = `query L($id: UUID!, $after: String) { serviceAccount(id: $id) { ledger(first: 2, after: $after) { edges { cursor } } } }`;
const SEARCH = 'query S($after: String) { serviceAccounts(first: 2, after: $after) { edges { cursor } } }';

describe('cursors a client forged', () => {
  it('a ledger cursor whose number does not fit a bigint is refused as INVALID_CURSOR, not a 500', async () => {
    const account = await openAccount(support, { accountNumber: '61-0001-00' });
    await importCsv(support, [BILL_HEADER, 'CUR-1,61-0001-00,2026-01-01,2026-01-21,10.00,,'].join('\n'));
    for (const forged of ['99999999999999999999', '9223372036854775808', '-9223372036854775809']) {
      const answer = await support.request(LEDGER, { id: account.id, after: cursorOf([forged]) });
      expect([forged, answer.errors?.[0]?.extensions]).toEqual([forged, expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' })]);
    }
    // The largest bigint is a cursor like any other: the page before it is the account's newest entries.
    const largest = await support.request<{ serviceAccount: { ledger: { edges: unknown[] } } }>(LEDGER, { id: account.id, after: cursorOf(['9223372036854775807']) });
    expect(largest.errors).toBeUndefined();
    expect(largest.data?.serviceAccount.ledger.edges).toHaveLength(1);
  });

  it('an account-search cursor holding a NUL character is refused as INVALID_CURSOR, not a 500', async () => {
    const answer = await support.request(SEARCH, { after: cursorOf(['10\u0000']) });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });

  it('an account-search cursor holding half of a surrogate pair is refused as INVALID_CURSOR, not a 500', async () => {
    for (const forged of ['10\ud800', '\udfff10']) {
      const answer = await support.request(SEARCH, { after: cursorOf([forged]) });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    }
  });

  it('a cursor the list gave out still pages', async () => {
    await openAccount(support, { accountNumber: '61-0002-00' });
    await openAccount(support, { accountNumber: '61-0003-00' });
    type Page = { serviceAccounts: { edges: { cursor: string }[] } };
    const first = await support.data<Page>(SEARCH, {});
    const next = await support.request<Page>(SEARCH, { after: first.serviceAccounts.edges[1]!.cursor });
    expect(next.errors).toBeUndefined();
    expect(next.data?.serviceAccounts.edges.length).toBeGreaterThan(0);
  });
});
