import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { auditCount, bearer, registerCustomer, signIn } from './customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';

/*
 * Maria lives at 4410 Pine St (Norwalk: an account is linked with its number
 * and the service address's house number). She pays by card, and moves out;
 * the billing office closes her account and opens a new one, at the same
 * address, for Nina, who moves in. Maria's final bill, or any later letter
 * of the city's naming her account number, lands in Nina's mailbox at
 * 4410 Pine St. Nina knows the house number: she lives there.
 *
 * Linking shows the holder in full (name, address, every ledger line, the
 * account's disconnection history): that is why it asks for more than the
 * number. But once an account is closed, the person who holds its second
 * factor (the house) is by definition not its holder any more. A new
 * occupant must not be able to link the previous occupant's closed account
 * and read her name and history; Maria's own link (made while she lived
 * there) is what she keeps.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  staff = await signInStaff(platform, 'norwalk', 'ADMIN');
});
afterAll(() => platform.close());

const LINK = `mutation Link($input: LinkServiceAccountInput!) {
  linkServiceAccount(input: $input) { serviceAccount { id customerName } userErrors { field code message } }
}`;
const CLOSE = 'mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { serviceAccount { status } userErrors { code } } }';
const MINE = `{ viewer { serviceAccounts { accountNumber customerName status
  ledger(first: 20) { edges { node { kind amount { amount } } } }
  statusHistory { reason toStatus } } } }`;

interface Mine {
  viewer: { serviceAccounts: { accountNumber: string; customerName: string; status: string; ledger: { edges: { node: { kind: string } }[] }; statusHistory: { reason: string }[] }[] };
}

it('refuses to link the previous occupant’s closed account to the new occupant at the same address, who would read her name and history', async () => {
  const old = await openAccount(staff, { accountNumber: '44-1001-00', customerName: 'Maria Delgado-Ruiz', addressLine1: '4410 Pine St' });
  expect((await importCsv(staff, [BILL_HEADER, 'W-441001,44-1001-00,2026-03-01,2026-03-22,52.10,20.00,'].join('\n'))).imported).toBe(1);
  const maria = bearer(platform.client.asTenant('norwalk'), (await registerCustomer(platform.client.asTenant('norwalk'), { email: 'maria.movesout@example.com' })).session);
  expect((await maria.data<{ linkServiceAccount: { userErrors: unknown[] } }>(LINK, { input: { accountNumber: '44-1001-00', serviceHouseNumber: '4410' } })).linkServiceAccount.userErrors).toEqual([]);
  expect((await pay(maria, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: old.id, amount: '72.10' }], token: await cardToken(platform) })).userErrors).toEqual([]);

  clock.advance(2 * 86_400_000);
  await platform.runJob('payments.post');
  staff = await signInStaff(platform, 'norwalk', 'ADMIN');

  // Maria moves out; the office closes her account and opens Nina's at the same address.
  expect((await staff.data<{ closeServiceAccount: { userErrors: unknown[] } }>(CLOSE, { id: old.id })).closeServiceAccount.userErrors).toEqual([]);
  await openAccount(staff, { accountNumber: '44-1002-00', customerName: 'Nina Park', addressLine1: '4410 Pine St' });

  const nina = bearer(platform.client.asTenant('norwalk'), (await registerCustomer(platform.client.asTenant('norwalk'), { email: 'nina.movesin@example.com' })).session);
  // Nina links her own account: fine.
  expect((await nina.data<{ linkServiceAccount: { userErrors: unknown[] } }>(LINK, { input: { accountNumber: '44-1002-00', serviceHouseNumber: '4410' } })).linkServiceAccount.userErrors).toEqual([]);

  type Linked = { linkServiceAccount: { serviceAccount: { customerName: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };
  // What a wrong house number is told, to compare with.
  const wrong = await nina.data<Linked>(LINK, { input: { accountNumber: '44-1001-00', serviceHouseNumber: '4411' } });
  const failuresBefore = await auditCount(platform, 'norwalk', `kind = 'ACCOUNT_LINK_FAILED'`);

  // Then the number from the letter addressed to Maria, with the house number Nina lives at.
  const taken = await nina.data<Linked>(LINK, {
    input: { accountNumber: '44-1001-00', serviceHouseNumber: '4410' },
  });
  const mine = await nina.data<Mine>(MINE);
  const seen = mine.viewer.serviceAccounts.find((a) => a.accountNumber === '44-1001-00');
  // What Nina got to read, if anything: Maria's full name, her payment and the account's history.
  const exposed = seen && { name: seen.customerName, ledger: seen.ledger.edges.map((e) => e.node.kind), history: seen.statusHistory.map((s) => s.reason) };
  expect({ linked: taken.linkServiceAccount.serviceAccount?.customerName ?? null, exposed: exposed ?? null }).toEqual({ linked: null, exposed: null });
  // Refused exactly as a wrong proof is, and counted as one: a guesser learns nothing of the account's status.
  expect(taken.linkServiceAccount.userErrors).toEqual(wrong.linkServiceAccount.userErrors);
  expect(taken.linkServiceAccount.userErrors.map((e) => [e.field, e.code])).toEqual([[['input'], 'VERIFICATION_FAILED']]);
  expect(await auditCount(platform, 'norwalk', `kind = 'ACCOUNT_LINK_FAILED'`)).toBe(failuresBefore + 1);

  // Maria still has hers.
  const mariaAgain = bearer(platform.client.asTenant('norwalk'), (await signIn(platform.client.asTenant('norwalk'), 'maria.movesout@example.com')).session!);
  expect((await mariaAgain.data<Mine>(MINE)).viewer.serviceAccounts.map((a) => [a.accountNumber, a.status])).toEqual([['44-1001-00', 'CLOSED']]);
});
