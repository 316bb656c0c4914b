import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { newKey } from '../payments/payments-api';
import { ADJUST, APPROVE_RESTORATION, BILL_HEADER, importCsv, signInStaff } from './billing-api';
import { disconnectedThenPaidInFull } from './awaiting-restoration';

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
const BALANCE = `query B($id: UUID!) { serviceAccount(id: $id) { balance { posted { amount } pendingPayments { amount } } } }`;
type Balance = { serviceAccount: { balance: { posted: { amount: string }; pendingPayments: { amount: string } } } };

it('does not record a fee charged while restoration waits as the payment having come back', async () => {
  const account = await disconnectedThenPaidInFull(platform, support, '64-0001-00', 'RF-6401');
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
  const account = await disconnectedThenPaidInFull(platform, support, '64-0002-00', 'RF-6402');
  // The next day the payment posts: the request is approvable.
  clock.set(new Date('2026-11-24T20:00:00Z'));
  await platform.runJob('payments.post');
  support = await signInStaff(platform, 'norwalk', 'SUPPORT');
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
  const account = await disconnectedThenPaidInFull(platform, support, '64-0003-00', 'RF-6404');
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

it('withdraws a request as owing again once a bill issued since comes due while it waits for staff, and never tells them the posted payment "has not posted"', async () => {
  const account = await disconnectedThenPaidInFull(platform, support, '64-0004-00', 'RF-6406');
  // The card payment posts; the next bill is issued the same day, due December 14: the request stands, approvable.
  clock.set(new Date('2026-12-04T20:00:00Z'));
  await platform.runJob('payments.post');
  support = await signInStaff(platform, 'norwalk', 'SUPPORT');
  expect((await support.data<Balance>(BALANCE, { id: account.id })).serviceAccount.balance).toEqual({ posted: { amount: '0.00' }, pendingPayments: { amount: '0.00' } });
  expect((await importCsv(support, [BILL_HEADER, 'RF-6407,64-0004-00,2026-12-04,2026-12-14,60.00,,'].join('\n'))).imported).toBe(1);
  expect((await support.data<History>(HISTORY, { id: account.id })).serviceAccount.status).toBe('RESTORATION_PENDING');

  // Nobody approved it before the bill came due. Staff approving before the hourly sweep comes round are told what is owed.
  clock.set(new Date('2026-12-16T20:00:00Z'));
  support = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const early = await support.data<{ approveRestoration: Changed }>(APPROVE_RESTORATION, { id: account.id });
  expect(early.approveRestoration).toEqual({
    serviceAccount: null,
    userErrors: [
      {
        field: ['serviceAccountId'],
        code: 'BALANCE_OWED_AGAIN',
        message: 'A charge has come due since restoration was requested and is unpaid: the account owes again, and service is restored only once it is paid in full.',
      },
    ],
  });

  // The sweep withdraws the request as a charge recorded already due would have: the payment stands, the bill is owed.
  await platform.runJob('billing.disconnection-sweep');
  const { serviceAccount } = await support.data<History>(HISTORY, { id: account.id });
  expect({ status: serviceAccount.status, last: serviceAccount.statusHistory.at(-1) }).toEqual({
    status: 'DISCONNECTED',
    last: { fromStatus: 'RESTORATION_PENDING', toStatus: 'DISCONNECTED', reason: 'BALANCE_OWED_AGAIN', actor: 'system' },
  });
  const later = await support.data<{ approveRestoration: Changed }>(APPROVE_RESTORATION, { id: account.id });
  expect(later.approveRestoration.userErrors.map((e) => e.code)).toEqual(['STATUS_CHANGE_NOT_ALLOWED']);
}, 60_000);
