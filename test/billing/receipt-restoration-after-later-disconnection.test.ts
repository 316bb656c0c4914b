import { randomUUID } from 'node:crypto';
import { postPayment, recordPendingPayment, restorationsPaidBy, type BillingScope } from '@platform/billing';
import { withTenant } from '@platform/db';
import { findTenantBySlug, toTenantRef } from '@platform/tenants';
import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import type { EntityManager } from 'typeorm';
import { APPROVE_RESTORATION, BILL_HEADER, MARK_DISCONNECTED, importCsv, openAccount, signInStaff } from './billing-api';

/*
 * Norman (30 days and $50.00 past due). In November a household is
 * disconnected, pays in full, and staff restore its service: that payment's
 * receipt (Payment.restorations) says RESTORED. In January it falls behind
 * again and is disconnected again. The November receipt still says RESTORED
 * (found by review: it turned DISCONNECTED, as if that payment never got the
 * service back); the January disconnection is the one a payment made since
 * speaks of.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let scope: BillingScope;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  scope = { tenant: toTenantRef((await findTenantBySlug(platform.db, 'norman'))!), clock };
});
afterAll(() => platform.close());

const asPayments = <T>(fn: (manager: EntityManager) => Promise<T>) => withTenant({ db: platform.db, tenant: scope.tenant }, fn);
const progressOf = async (paymentId: string) => (await asPayments((m) => restorationsPaidBy(m, [paymentId]))).map((r) => r.progress);
type StatusPayload = Record<string, { serviceAccount: { status: string } | null; userErrors: unknown[] }>;

async function disconnect(staff: GraphQLTestClient, id: string) {
  await platform.runJob('billing.disconnection-sweep');
  const { markAccountDisconnected } = await staff.data<StatusPayload>(MARK_DISCONNECTED, { id });
  expect(markAccountDisconnected).toEqual({ serviceAccount: { status: 'DISCONNECTED' }, userErrors: [] });
}

/** A payment to the account in full, made now and posted. */
async function paidInFull(accountId: string, cents: bigint, postingDate: string): Promise<string> {
  const paymentId = randomUUID();
  await asPayments((m) => recordPendingPayment(m, scope, { paymentId, allocations: [{ serviceAccountId: accountId, amountCents: cents }], madeAt: clock.now(), expectedPostingDate: postingDate }));
  await asPayments((m) => postPayment(m, scope, paymentId, 'posting-job'));
  return paymentId;
}

it('keeps saying RESTORED on a payment whose restoration staff approved, after the account is disconnected again months later', async () => {
  let support = await signInStaff(platform, 'norman', 'SUPPORT');
  const account = await openAccount(support, { accountNumber: '6300-0001', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(support, [BILL_HEADER, 'N-6301,6300-0001,2026-09-10,2026-10-01,100.00,,'].join('\n'));
  await disconnect(support, account.id);

  const november = await paidInFull(account.id, 10000n, '2026-11-24');
  expect(await progressOf(november)).toEqual(['REQUESTED']);
  const { approveRestoration } = await support.data<StatusPayload>(APPROVE_RESTORATION, { id: account.id });
  expect(approveRestoration).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
  expect(await progressOf(november)).toEqual(['RESTORED']);

  // January: December's bill went unpaid; disconnected again.
  clock.set(new Date('2027-01-15T18:00:00Z'));
  support = await signInStaff(platform, 'norman', 'SUPPORT');
  await importCsv(support, [BILL_HEADER, 'N-6302,6300-0001,2026-11-20,2026-12-01,100.00,,'].join('\n'));
  await disconnect(support, account.id);
  expect(await progressOf(november)).toEqual(['RESTORED']);

  // A payment made since speaks of the January disconnection, as it stands now.
  const january = await paidInFull(account.id, 10000n, '2027-01-16');
  expect(await progressOf(january)).toEqual(['REQUESTED']);
  expect(await progressOf(november)).toEqual(['RESTORED']);
});
