import { ownerUrl, withClient } from '@platform/db';
import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import type { QueryRunner } from 'typeorm';
import { AccountSearchText1763801201600 } from '../../services/billing/src/migrations/1763801201600-account-search-text';
import { AccountSearchPlainLetters1763801203900 } from '../../services/billing/src/migrations/1763801203900-account-search-plain-letters';
import { bearer, registerCustomer } from '../customers/customer-api';
import { accountNumbersFound, BILL_HEADER, importCsv, openAccount, signInStaff } from './billing-api';

// Issue 13 item 5: what the console's account search and account page ask of the API.
let platform: TestPlatform;
let norwalk: GraphQLTestClient;
let norman: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  [norwalk, norman] = await Promise.all([signInStaff(platform, 'norwalk', 'SUPPORT'), signInStaff(platform, 'norman', 'SUPPORT')]);
});
afterAll(() => platform.close());

const SEARCH = `query Search($search: String) { serviceAccounts(search: $search, first: 20) { edges { node { id accountNumber customerName } } } }`;
const ACCOUNT = `query Account($id: UUID!) {
  serviceAccount(id: $id) { accountNumber linkedUsers { linkedAt user { email name } } statusHistory { toStatus reason note } }
}`;
const DISCONNECT = `mutation Disconnect($id: UUID!, $note: String) {
  markAccountDisconnected(serviceAccountId: $id, note: $note) { serviceAccount { status } userErrors { field code message } }
}`;
type Found = { serviceAccounts: { edges: { node: { id: string; accountNumber: string; customerName: string } }[] } };
type Account = {
  serviceAccount: {
    accountNumber: string;
    linkedUsers: { linkedAt: string; user: { email: string; name: string | null } }[];
    statusHistory: { toStatus: string; reason: string; note: string | null }[];
  } | null;
};

describe('account search', () => {
  it('finds an account by any part of its number, with or without dashes and spaces', async () => {
    expect(await accountNumbersFound(norwalk, '1002')).toEqual(['10-1002-00']);
    expect(await accountNumbersFound(norwalk, '1002-0')).toEqual(['10-1002-00']);
    expect(await accountNumbersFound(norwalk, ' 0 1 0 0 3 ')).toEqual(['10-1003-00']);
    expect(await accountNumbersFound(norman, '0417')).toEqual(['2001-0417']);
    expect(await accountNumbersFound(norman, '1-04')).toEqual(['2001-0417']);
  });

  it('finds a holder by their name in any order and case, and by the words of a street', async () => {
    expect(await accountNumbersFound(norwalk, 'Carter James')).toEqual(['10-1002-00']);
    expect(await accountNumbersFound(norwalk, 'lopez   MARIA')).toEqual(['10-1001-00']);
    expect(await accountNumbersFound(norman, 'Johnson Emily')).toEqual(['2001-0417']);
    expect(await accountNumbersFound(norman, 'lindsey 1200')).toEqual(['2001-0417']);
    // Every word must match: a surname with someone else's first name finds nobody.
    expect(await accountNumbersFound(norwalk, 'Carter Maria')).toEqual([]);
  });

  it('finds a name with accents however it is typed: without them, surname first, or decomposed', async () => {
    await openAccount(norwalk, { accountNumber: '88-0003-00', customerName: 'María José Núñez' });
    expect(await accountNumbersFound(norwalk, 'maria nunez')).toEqual(['88-0003-00']);
    expect(await accountNumbersFound(norwalk, 'Núñez, María')).toEqual(['88-0003-00']);
    expect(await accountNumbersFound(norwalk, 'Nu\u0303n\u0303ez')).toEqual(['88-0003-00']);
    // Ana Gutierrez is stored without the accent her name is often typed with.
    expect(await accountNumbersFound(norwalk, 'Gutiérrez')).toEqual(['10-1003-00']);
  });

  it('finds an address pasted whole, with its commas, city, state and ZIP code', async () => {
    expect(await accountNumbersFound(norwalk, '12700 Norwalk Blvd, Norwalk, CA')).toEqual(['10-1001-00']);
    expect(await accountNumbersFound(norwalk, '12700 Norwalk Blvd, Norwalk, CA 90650')).toEqual(['10-1001-00']);
    expect(await accountNumbersFound(norwalk, '12700 Norwalk Blvd, Norman, OK')).toEqual([]);
  });

  it('finds holders stored before the search text was kept: the migration fills it in for every city', async () => {
    // Rolled back past it and forward again, through the later migration that folds the text anew.
    const migrations = [new AccountSearchText1763801201600(), new AccountSearchPlainLetters1763801203900()];
    await withClient(ownerUrl(platform.settings), async (owner) => {
      const queryRunner = { query: (sql: string) => owner.query(sql) } as unknown as QueryRunner;
      for (const migration of [...migrations].reverse()) await migration.down(queryRunner);
      for (const migration of migrations) await migration.up(queryRunner);
    });
    expect({ norwalk: await accountNumbersFound(norwalk, 'gutiérrez, ana'), norman: await accountNumbersFound(norman, 'JOHNSON, EMILY') }).toEqual({ norwalk: ['10-1003-00'], norman: ['2001-0417'] });
  });

  it('treats wildcards as text', async () => {
    await openAccount(norwalk, { accountNumber: '88-0001-00', customerName: 'Percy 100% Owens' });
    expect(await accountNumbersFound(norwalk, '100%')).toEqual(['88-0001-00']);
    expect(await accountNumbersFound(norwalk, '_')).toEqual([]);
  });

  it("never finds nor opens another city's account", async () => {
    const [carter] = (await norwalk.data<Found>(SEARCH, { search: 'Carter James' })).serviceAccounts.edges;
    expect(await accountNumbersFound(norman, 'Carter James')).toEqual([]);
    expect(await accountNumbersFound(norman, '10-1002-00')).toEqual([]);
    expect((await norman.data<Account>(ACCOUNT, { id: carter!.node.id })).serviceAccount).toBeNull();
    const disconnect = await norman.data<{ markAccountDisconnected: { userErrors: { code: string }[] } }>(DISCONNECT, { id: carter!.node.id, note: 'not ours' });
    expect(disconnect.markAccountDisconnected.userErrors[0]?.code).toBe('ACCOUNT_NOT_FOUND');
  });
});

describe('the account page', () => {
  it('lists the users who linked an account, to staff only', async () => {
    const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'holder-page@example.com' });
    const holder = bearer(platform.client.asTenant('norwalk'), session);
    const linked = await holder.data<{ linkServiceAccount: { serviceAccount: { id: string } } }>(
      'mutation { linkServiceAccount(input: { accountNumber: "10-1004-00", serviceHouseNumber: "14501" }) { serviceAccount { id } } }',
    );
    const id = linked.linkServiceAccount.serviceAccount.id;
    const account = (await norwalk.data<Account>(ACCOUNT, { id })).serviceAccount!;
    expect(account.linkedUsers).toEqual([{ linkedAt: expect.any(String), user: { email: 'holder-page@example.com', name: null } }]);
    // A customer sees their own account, but not who else holds it.
    const own = await holder.request('{ viewer { serviceAccounts { accountNumber linkedUsers { user { email } } } } }');
    expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps what staff wrote when they disconnect an account; refuses a card number in it', async () => {
    const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
    const account = await openAccount(norwalk, { accountNumber: '88-0002-00' });
    await importCsv(norwalk, [BILL_HEADER, 'NW-88021,88-0002-00,2025-01-01,2025-01-22,150.00,50.00,'].join('\n'));
    await admin.data('mutation { runDisconnectionSweep { markedEligible } }');
    type Disconnected = { markAccountDisconnected: { serviceAccount: { status: string } | null; userErrors: { field: string[]; code: string }[] } };
    const card = await norwalk.data<Disconnected>(DISCONNECT, { id: account.id, note: 'paid with 4111 1111 1111 1111' });
    expect(card.markAccountDisconnected).toMatchObject({ serviceAccount: null, userErrors: [{ field: ['note'], code: 'CARD_NUMBER_NOT_ACCEPTED' }] });
    const done = await norwalk.data<Disconnected>(DISCONNECT, { id: account.id, note: '  Crew 4 shut the meter off  ' });
    expect(done.markAccountDisconnected).toEqual({ serviceAccount: { status: 'DISCONNECTED' }, userErrors: [] });
    const history = (await norwalk.data<Account>(ACCOUNT, { id: account.id })).serviceAccount!.statusHistory;
    expect(history.map((h) => [h.toStatus, h.reason, h.note])).toEqual([
      ['ACTIVE', 'OPENED', null],
      ['DISCONNECT_ELIGIBLE', 'PAST_DUE', null],
      ['DISCONNECTED', 'DISCONNECTED_FOR_NON_PAYMENT', 'Crew 4 shut the meter off'],
    ]);
  });
});
