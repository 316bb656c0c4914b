import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BILL_HEADER, accountById, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer } from '../customers/customer-api';
import { cardToken, newKey, pay } from './payments-api';

/*
 * A closed account takes its final bill, and nothing beyond what it owes,
 * even in a city that takes payments into credit (Norwalk): credit on an
 * account that will never be billed again is money staff must find and give
 * back by hand. Autopay already refuses closed accounts.
 */

const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
let platform: TestPlatform;
let admin: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  admin = await signInStaff(platform, 'norwalk', 'ADMIN');
});
afterAll(() => platform.close());

const guest = () => platform.client.asTenant('norwalk');
const CLOSE = 'mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { serviceAccount { status } userErrors { code } } }';
const LINK = 'mutation Link($input: LinkServiceAccountInput!) { linkServiceAccount(input: $input) { userErrors { code } } }';

it('takes the final bill of a closed account, and no payment beyond it, from its resident or a guest (found by review: credit on a closed account)', async () => {
  const account = await openAccount(admin, { accountNumber: '67-0001-00', addressLine1: '700 Oak St' });
  expect((await importCsv(admin, [BILL_HEADER, 'W-67001,67-0001-00,2026-11-01,2026-12-01,40.00,10.00,'].join('\n'))).imported).toBe(1);
  const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'moving.out@example.com' });
  const resident = bearer(platform.client.asTenant('norwalk'), session);
  expect((await resident.data<{ linkServiceAccount: { userErrors: unknown[] } }>(LINK, { input: { accountNumber: '67-0001-00', serviceHouseNumber: '700' } })).linkServiceAccount.userErrors).toEqual(
    [],
  );
  expect((await admin.data<{ closeServiceAccount: { serviceAccount: { status: string } } }>(CLOSE, { id: account.id })).closeServiceAccount.serviceAccount.status).toBe('CLOSED');

  // More than the final bill is refused, saying what it owes.
  const tooMuch = await pay(resident, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: account.id, amount: '60.00' }], token: await cardToken(platform) });
  expect([tooMuch.payment, tooMuch.userErrors]).toEqual([
    null,
    [expect.objectContaining({ field: ['input', 'allocations', '0', 'amount'], code: 'EXCEEDS_AMOUNT_DUE', message: 'This account is closed and owes $50.00; it takes no more than it owes.' })],
  ]);
  const finalBill = await pay(resident, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: account.id, amount: '50.00' }], token: await cardToken(platform) });
  expect(finalBill.userErrors).toEqual([]);

  // Paid: nothing more, from the resident or from a guest with the number.
  const again = await pay(resident, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: account.id, amount: '50.00' }], token: await cardToken(platform) });
  expect([again.payment, again.userErrors.map((e) => e.code)]).toEqual([null, ['EXCEEDS_AMOUNT_DUE']]);
  const guest = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '67-0001-00', amount: '25.00' }],
    token: await cardToken(platform),
    payerEmail: 'old.bill@example.com',
  });
  expect([guest.payment, guest.userErrors.map((e) => e.code)]).toEqual([null, ['EXCEEDS_AMOUNT_DUE']]);

  clock.advance(2 * 86_400_000);
  await platform.runJob('payments.post');
  const closed = await accountById(await signInStaff(platform, 'norwalk', 'ADMIN'), account.id);
  expect([closed.status, closed.balance.posted.amount, closed.balance.credit.amount]).toEqual(['CLOSED', '0.00', '0.00']);
}, 60_000);

it('takes nothing more by its bill number once a closed account is paid, and its look-up says nothing is due (found by review of the fix: the bill paid twice)', async () => {
  // A fresh sign-in: the test before moved the clock on two days.
  const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  const account = await openAccount(admin, { accountNumber: '68-0001-00', addressLine1: '800 Oak St' });
  expect((await importCsv(admin, [BILL_HEADER, 'W-68001,68-0001-00,2026-11-01,2026-12-01,40.00,10.00,'].join('\n'))).imported).toBe(1);
  await admin.data(CLOSE, { id: account.id });
  const paid = await pay(guest(), { idempotencyKey: newKey(), allocations: [{ accountNumber: '68-0001-00', amount: '50.00' }], token: await cardToken(platform), payerEmail: 'a@example.com' });
  expect(paid.userErrors).toEqual([]);

  const found = await guest().data<{ lookupPayable: { payable: { payableId: string; amountDue: { amount: string } } } }>(
    'mutation { lookupPayable(input: { kind: UTILITY_BILL, referenceNumber: "W-68001" }) { payable { payableId amountDue { amount } } } }',
  );
  expect(found.lookupPayable.payable.amountDue.amount).toBe('0.00');
  const byBill = await pay(guest(), {
    idempotencyKey: newKey(),
    allocations: [{ payableId: found.lookupPayable.payable.payableId, amount: '50.00' }],
    token: await cardToken(platform),
    payerEmail: 'b@example.com',
  });
  expect([byBill.payment, byBill.userErrors.map((e) => [e.code, e.message])]).toEqual([null, [['EXCEEDS_AMOUNT_DUE', 'This account is closed and owes $0.00; it takes no more than it owes.']]]);

  clock.advance(2 * 86_400_000);
  await platform.runJob('payments.post');
  const closed = await accountById(await signInStaff(platform, 'norwalk', 'ADMIN'), account.id);
  expect([closed.status, closed.balance.credit.amount]).toEqual(['CLOSED', '0.00']);
}, 60_000);
