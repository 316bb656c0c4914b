import { randomUUID } from 'node:crypto';
import { postPayment, recordPendingPayment, type BillingScope } from '@platform/billing';
import { withTenant } from '@platform/db';
import { findTenantBySlug, toTenantRef } from '@platform/tenants';
import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { BILL_HEADER, accountById, importCsv, openAccount, signInStaff } from './billing-api';

/*
 * Norman (30 days and $50.00 past due for disconnection). A payment made to
 * one payable (a citation paid by its number, a bill found by its number)
 * pays that payable, as what the payable still owes counts it: not the
 * account's oldest charge. Otherwise a neighbour paying a citation clears a
 * water bill nobody paid, and the paid citation turns up past due later.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let support: GraphQLTestClient;
let scope: BillingScope;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  support = await signInStaff(platform, 'norman', 'SUPPORT');
  scope = { tenant: toTenantRef((await findTenantBySlug(platform.db, 'norman'))!), clock };
});
afterAll(() => platform.close());

const sweep = () => platform.runJob('billing.disconnection-sweep');
const CITATION_HEADER = 'bill_number,account_number,kind,issue_date,due_date,other,description';
const LOOKUP_PAYABLE = `mutation Find($input: LookupPayableInput!) { lookupPayable(input: $input) { payable { payableId amountDue { amount } } userErrors { code } } }`;
type Found = { lookupPayable: { payable: { payableId: string; amountDue: { amount: string } } | null } };
const findCitation = async (referenceNumber: string) => (await platform.client.asTenant('norman').data<Found>(LOOKUP_PAYABLE, { input: { kind: 'CITATION', referenceNumber } })).lookupPayable.payable!;
const standing = async (id: string) => {
  const account = await accountById(support, id);
  return { status: account.status, pastDue: account.balance.pastDue.amount, days: account.balance.daysPastDue, next: account.balance.nextDueDate };
};

it('keeps the water bill past due, and the account eligible for disconnection, when a citation is paid by its number', async () => {
  const account = await openAccount(support, { accountNumber: '5920-0001', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(support, [BILL_HEADER, 'W-5921,5920-0001,2026-09-01,2026-09-22,100.00,,'].join('\n'));
  await importCsv(support, [CITATION_HEADER, 'CIT-5922,5920-0001,CITATION,2026-11-01,2026-12-01,150.00,Tall grass'].join('\n'));
  await sweep();
  expect(await standing(account.id)).toEqual({ status: 'DISCONNECT_ELIGIBLE', pastDue: '100.00', days: 62, next: '2026-12-01' });

  const paid = await pay(platform.client.asTenant('norman'), {
    idempotencyKey: newKey('citation'),
    allocations: [{ payableId: (await findCitation('CIT-5922')).payableId, amount: '150.00' }],
    token: await cardToken(platform),
    payerEmail: 'neighbour@example.com',
  });
  expect(paid.payment?.status).toBe('CAPTURED');
  expect((await findCitation('CIT-5922')).amountDue.amount).toBe('0.00');
  // Pending, it counts for the citation only: the sweep leaves the account eligible.
  await sweep();
  expect((await standing(account.id)).status).toBe('DISCONNECT_ELIGIBLE');

  // Posted the next day: the citation is paid, the water bill still is not.
  clock.set(new Date('2026-11-24T18:00:00Z'));
  support = await signInStaff(platform, 'norman', 'SUPPORT');
  await platform.runJob('payments.post');
  await sweep();
  expect(await standing(account.id)).toEqual({ status: 'DISCONNECT_ELIGIBLE', pastDue: '100.00', days: 63, next: null });

  // Past the citation's due date, what is past due is still September's water, never the paid citation.
  clock.set(new Date('2026-12-02T18:00:00Z'));
  support = await signInStaff(platform, 'norman', 'SUPPORT');
  expect(await standing(account.id)).toEqual({ status: 'DISCONNECT_ELIGIBLE', pastDue: '100.00', days: 71, next: null });
});

it('clears the water bill paid by its number, leaving an older unpaid citation past due', async () => {
  clock.set(new Date('2026-11-23T18:00:00Z'));
  support = await signInStaff(platform, 'norman', 'SUPPORT');
  const account = await openAccount(support, { accountNumber: '5920-0002', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(support, [CITATION_HEADER, 'CIT-5923,5920-0002,CITATION,2026-09-01,2026-09-15,150.00,Tall grass'].join('\n'));
  await importCsv(support, [BILL_HEADER, 'W-5924,5920-0002,2026-10-01,2026-10-22,100.00,,'].join('\n'));
  const [water] = await tenantRows<{ id: string }>(platform, 'norman', "SELECT id FROM payables WHERE reference_number = 'W-5924'");

  // As the payments service records and posts a payment of the water bill.
  const paymentId = randomUUID();
  await withTenant({ db: platform.db, tenant: scope.tenant }, (manager) =>
    recordPendingPayment(manager, scope, {
      paymentId,
      allocations: [{ serviceAccountId: account.id, payableId: water!.id, amountCents: 10000n }],
      madeAt: clock.now(),
      expectedPostingDate: '2026-11-23',
    }),
  );
  await withTenant({ db: platform.db, tenant: scope.tenant }, (manager) => postPayment(manager, scope, paymentId, 'posting-job'));
  // The citation, due September 15, is what stays past due: $150.00 for 69 days, not $50.00 of it.
  expect(await standing(account.id)).toMatchObject({ pastDue: '150.00', days: 69 });
});
