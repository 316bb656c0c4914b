import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { ADJUST, APPROVE_RESTORATION, BILL_HEADER, MARK_DISCONNECTED, importCsv, openAccount, signInStaff } from './billing-api';

/*
 * A restoration request (RESTORATION_PENDING) is about money: it opens when a
 * disconnected account is paid in full and closes when it is approved or when
 * the account owes again. What the status history and the staff queue say
 * about why it closed, and what approveRestoration tells staff, must be true.
 */

// Noon in Norwalk on 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
let platform: TestPlatform;
let support: GraphQLTestClient;
let admin: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  support = await signInStaff(platform, 'norwalk', 'SUPPORT');
  admin = await signInStaff(platform, 'norwalk', 'ADMIN');
});
afterAll(() => platform.close());

const HISTORY = `query H($id: UUID!) { serviceAccount(id: $id) { status statusHistory { fromStatus toStatus reason actor } } }`;
type History = { serviceAccount: { status: string; statusHistory: { fromStatus: string | null; toStatus: string; reason: string; actor: string }[] } };
type Changed = { serviceAccount: { status: string } | null; userErrors: { field: string[]; code: string; message: string }[] };

/** An account disconnected for a past-due $155.00 bill, then paid in full by a guest's card: its restoration is requested. */
async function disconnectedThenPaid(accountNumber: string, billNumber: string) {
  const account = await openAccount(support, { accountNumber });
  expect((await importCsv(support, [BILL_HEADER, `${billNumber},${accountNumber},2026-09-01,2026-09-22,155.00,,`].join('\n'))).imported).toBe(1);
  await platform.runJob('billing.disconnection-sweep');
  expect((await support.data<{ markAccountDisconnected: Changed }>(MARK_DISCONNECTED, { id: account.id })).markAccountDisconnected.userErrors).toEqual([]);
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber, amount: '155.00' }],
    token: await cardToken(platform),
    payerEmail: 'resident@example.com',
  });
  expect(paid.userErrors).toEqual([]);
  expect((await support.data<History>(HISTORY, { id: account.id })).serviceAccount.status).toBe('RESTORATION_PENDING');
  return account;
}

it('does not record a fee charged while restoration waits as the payment having come back', async () => {
  const account = await disconnectedThenPaid('64-0001-00', 'RF-6401');
  const fee = await admin.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, {
    input: { serviceAccountId: account.id, kind: 'FEE', amount: '25.00', memo: 'Reconnection fee', idempotencyKey: newKey('fee') },
  });
  expect(fee.recordAccountAdjustment.userErrors).toEqual([]);
  const { serviceAccount } = await support.data<History>(HISTORY, { id: account.id });
  const last = serviceAccount.statusHistory.at(-1)!;
  // The card payment was captured and never returned: the request closed because a new charge is owed.
  expect(last).toEqual({ fromStatus: 'RESTORATION_PENDING', toStatus: 'DISCONNECTED', reason: 'BALANCE_OWED_AGAIN', actor: 'system' });
});

it('does not tell staff "the payment has not posted" when it has, and a back bill imported since is what is owed', async () => {
  const account = await disconnectedThenPaid('64-0002-00', 'RF-6402');
  // The next day the payment posts: the request is approvable.
  clock.set(new Date('2026-11-24T20:00:00Z'));
  await platform.runJob('payments.post');
  support = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const BALANCE = `query B($id: UUID!) { serviceAccount(id: $id) { balance { posted { amount } pendingPayments { amount } } } }`;
  type Balance = { serviceAccount: { balance: { posted: { amount: string }; pendingPayments: { amount: string } } } };
  expect((await support.data<Balance>(BALANCE, { id: account.id })).serviceAccount.balance).toEqual({ posted: { amount: '0.00' }, pendingPayments: { amount: '0.00' } });
  // The billing office then imports a back bill the meter reader missed, already past due.
  expect((await importCsv(support, [BILL_HEADER, 'RF-6403,64-0002-00,2026-10-01,2026-10-22,40.00,,'].join('\n'))).imported).toBe(1);
  // The request is withdrawn as the bill arrives, as a fee's would be: the payment stands, a new charge is owed.
  const { serviceAccount } = await support.data<History>(HISTORY, { id: account.id });
  expect({ status: serviceAccount.status, last: serviceAccount.statusHistory.at(-1) }).toEqual({
    status: 'DISCONNECTED',
    last: { fromStatus: 'RESTORATION_PENDING', toStatus: 'DISCONNECTED', reason: 'BALANCE_OWED_AGAIN', actor: 'system' },
  });
  const approval = await support.data<{ approveRestoration: Changed }>(APPROVE_RESTORATION, { id: account.id });
  expect(approval.approveRestoration.userErrors.map((e) => e.code)).toEqual(['STATUS_CHANGE_NOT_ALLOWED']);
}, 60_000);

it('records a bill come due since, found as the payment posts, as owing again: the payment stands', async () => {
  const account = await disconnectedThenPaid('64-0003-00', 'RF-6404');
  // A bill not due yet when imported does not withdraw the request...
  expect((await importCsv(support, [BILL_HEADER, 'RF-6405,64-0003-00,2026-11-20,2026-11-30,40.00,,'].join('\n'))).imported).toBe(1);
  expect((await support.data<History>(HISTORY, { id: account.id })).serviceAccount.status).toBe('RESTORATION_PENDING');
  // ...it comes due, and the card payment posts days later: the request goes, for the bill, not the payment.
  clock.set(new Date('2026-12-02T20:00:00Z'));
  await platform.runJob('payments.post');
  support = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const { serviceAccount } = await support.data<History>(HISTORY, { id: account.id });
  expect(serviceAccount.statusHistory.at(-1)).toEqual({ fromStatus: 'RESTORATION_PENDING', toStatus: 'DISCONNECTED', reason: 'BALANCE_OWED_AGAIN', actor: 'system' });
}, 60_000);
