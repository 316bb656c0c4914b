import { tenantRows } from '../customers/customer-api';
import { BILL_HEADER, cursorParts, importCsv, openAccount, withCursorKey, platformWithStaff } from './billing-api';

/*
 * A list's cursor is opaque, but a client can forge one: base64url JSON is
 * easy to write, and a cursor the list gave out shows how. Whatever key it
 * holds, it is refused as INVALID_CURSOR before it reaches SQL, where a
 * number past bigint or text PostgreSQL cannot hold would fail the query (a
 * 500, logged as our fault). A cursor another list gave out is refused too.
 */
const env = platformWithStaff('norwalk', 'SUPPORT');

const LEDGER = `query L($id: UUID!, $after: String) { serviceAccount(id: $id) { ledger(first: 2, after: $after) { edges { cursor } } } }`;
const SEARCH = 'query S($after: String) { serviceAccounts(first: 2, after: $after) { edges { cursor } } }';
type LedgerPage = { serviceAccount: { ledger: { edges: { cursor: string }[] } } };
const searchCursor = async () => (await env.staff.data<{ serviceAccounts: { edges: { cursor: string }[] } }>(SEARCH)).serviceAccounts.edges[0]!.cursor;

describe('cursors a client forged', () => {
  it("a ledger cursor says only the last entry's id, and one holding anything else (a number, even past bigint) is refused as INVALID_CURSOR, not a 500", async () => {
    const account = await openAccount(env.staff, { accountNumber: '61-0001-00' });
    await importCsv(env.staff, [BILL_HEADER, 'CUR-1,61-0001-00,2026-01-01,2026-01-21,10.00,,'].join('\n'));
    const given = (await env.staff.data<LedgerPage>(LEDGER, { id: account.id })).serviceAccount.ledger.edges[0]!.cursor;
    // Not the entry's sequence number, which counts every city's entries: two cursors would tell the platform's volume.
    const [newest] = await tenantRows<{ id: string }>(env.platform, 'norwalk', 'SELECT id FROM ledger_entries WHERE service_account_id = $1 ORDER BY seq DESC LIMIT 1', [account.id]);
    expect(cursorParts(given).slice(2)).toEqual([newest!.id]);
    for (const forged of ['99999999999999999999', '9223372036854775807', '12', 'not-an-id']) {
      const answer = await env.staff.request(LEDGER, { id: account.id, after: withCursorKey(given, [forged]) });
      expect([forged, answer.errors?.[0]?.extensions]).toEqual([forged, expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' })]);
    }
    // An id of no entry of the account is a place in no list: nothing before it.
    const nowhere = await env.staff.request<LedgerPage>(LEDGER, { id: account.id, after: withCursorKey(given, ['00000000-0000-4000-8000-000000000000']) });
    expect(nowhere.errors).toBeUndefined();
    expect(nowhere.data?.serviceAccount.ledger.edges).toEqual([]);
  });

  it('an account-search cursor holding a NUL character is refused as INVALID_CURSOR, not a 500', async () => {
    const answer = await env.staff.request(SEARCH, { after: withCursorKey(await searchCursor(), ['10\u0000']) });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });

  it('an account-search cursor holding half of a surrogate pair is refused as INVALID_CURSOR, not a 500', async () => {
    const given = await searchCursor();
    for (const forged of ['10\ud800', '\udfff10']) {
      const answer = await env.staff.request(SEARCH, { after: withCursorKey(given, [forged]) });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    }
  });

  it('a cursor the list gave out still pages', async () => {
    await openAccount(env.staff, { accountNumber: '61-0002-00' });
    await openAccount(env.staff, { accountNumber: '61-0003-00' });
    type Page = { serviceAccounts: { edges: { cursor: string }[] } };
    const first = await env.staff.data<Page>(SEARCH, {});
    const next = await env.staff.request<Page>(SEARCH, { after: first.serviceAccounts.edges[1]!.cursor });
    expect(next.errors).toBeUndefined();
    expect(next.data?.serviceAccounts.edges.length).toBeGreaterThan(0);
  });
});

describe('cursors another list gave out', () => {
  it("one account's ledger refuses a cursor another account's ledger gave out, which that ledger still takes", async () => {
    const a = await openAccount(env.staff, { accountNumber: '62-0001-00' });
    const b = await openAccount(env.staff, { accountNumber: '62-0002-00' });
    await importCsv(
      env.staff,
      [BILL_HEADER, 'XL-1,62-0001-00,2026-01-01,2026-01-21,10.00,,', 'XL-2,62-0001-00,2026-02-01,2026-02-21,10.00,,', 'XL-3,62-0002-00,2026-01-01,2026-01-21,10.00,,'].join('\n'),
    );
    const cursorOfA = (await env.staff.data<LedgerPage>(LEDGER, { id: a.id })).serviceAccount.ledger.edges[0]!.cursor;
    const onB = await env.staff.request<LedgerPage>(LEDGER, { id: b.id, after: cursorOfA });
    expect(onB.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    const onA = await env.staff.request<LedgerPage>(LEDGER, { id: a.id, after: cursorOfA });
    expect(onA.data?.serviceAccount.ledger.edges).toHaveLength(1);
  });

  it('the account search refuses a ledger cursor', async () => {
    const account = await openAccount(env.staff, { accountNumber: '62-0003-00' });
    await importCsv(env.staff, [BILL_HEADER, 'XL-4,62-0003-00,2026-01-01,2026-01-21,10.00,,'].join('\n'));
    const ledgerCursor = (await env.staff.data<LedgerPage>(LEDGER, { id: account.id })).serviceAccount.ledger.edges[0]!.cursor;
    const answer = await env.staff.request(SEARCH, { after: ledgerCursor });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });
});
