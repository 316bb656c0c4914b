import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer } from '../customers/customer-api';
import { bankToken, newKey, pay } from '../payments/payments-api';

/*
 * Ana Gutierrez's Norwalk account was disconnected for non-payment. She reads
 * it in Spanish through a city's own front end: where the account stands and
 * how it got there. A payment says its status as a person reads it
 * (statusLabel), and why it moved (reasonLabel); an account said only its
 * codes (DISCONNECTED, DISCONNECTED_FOR_NON_PAYMENT), leaving every front end
 * to translate the platform's own words. Now the account says them in the
 * request's language too.
 */

// 10:00 in Norwalk on Monday 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let resident: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'ana.estado@example.com' });
  resident = bearer(platform.client.asTenant('norwalk'), session);
  const { linkServiceAccount } = await resident.data<{ linkServiceAccount: { userErrors: unknown[] } }>(
    'mutation { linkServiceAccount(input: { accountNumber: "10-1003-00", serviceHouseNumber: "13200" }) { userErrors { code } } }',
  );
  expect(linkServiceAccount.userErrors).toEqual([]);
});
afterAll(() => platform.close());

type Account = { id: string; status: string; statusLabel: string; statusHistory: { toStatus: string; reason: string; reasonLabel: string }[] };
const ACCOUNTS = '{ viewer { serviceAccounts { id status statusLabel statusHistory { toStatus reason reasonLabel } } } }';
const accountAsRead = async (locale: 'en' | 'es') => (await resident.withHeaders({ 'accept-language': locale }).data<{ viewer: { serviceAccounts: Account[] } }>(ACCOUNTS)).viewer.serviceAccounts[0]!;

it("says where a disconnected account stands, and how it got there, in the reader's language", async () => {
  const disconnected = await accountAsRead('es');
  expect([disconnected.status, disconnected.statusLabel]).toEqual(['DISCONNECTED', 'Desconectada']);
  expect(disconnected.statusHistory.at(-1)).toEqual({ toStatus: 'DISCONNECTED', reason: 'DISCONNECTED_FOR_NON_PAYMENT', reasonLabel: 'Desconectada por falta de pago' });

  // Paid in full by e-check: restoration is requested, and said so.
  const owed = await resident.data<{ viewer: { serviceAccounts: { id: string; balance: { amountDueNow: { amount: string } } }[] } }>(
    '{ viewer { serviceAccounts { id balance { amountDueNow { amount } } } } }',
  );
  const account = owed.viewer.serviceAccounts[0]!;
  const paid = await pay(resident, {
    idempotencyKey: newKey('restore'),
    allocations: [{ serviceAccountId: account.id, amount: account.balance.amountDueNow.amount }],
    token: await bankToken(platform),
  });
  expect(paid.userErrors).toEqual([]);
  const requested = await accountAsRead('es');
  expect([requested.statusLabel, requested.statusHistory.at(-1)!.reasonLabel]).toEqual(['Reconexión pendiente', 'Pagada por completo: se solicitó la reconexión']);
  const english = await accountAsRead('en');
  expect([english.statusLabel, english.statusHistory.at(-1)!.reasonLabel]).toEqual(['Restoration pending', 'Paid in full: restoration requested']);
  // Every step the account took is said, none left as a code.
  expect(english.statusHistory.every((change) => change.reasonLabel !== change.reason)).toBe(true);
});
