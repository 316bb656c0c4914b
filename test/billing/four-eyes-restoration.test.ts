import { randomUUID } from 'node:crypto';
import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { bearer, signIn, tenantRows } from '../customers/customer-api';
import { VOID, cardToken, newKey, pay } from '../payments/payments-api';
import {
  ADJUST,
  APPROVE_RESTORATION,
  BILL_HEADER,
  accountById,
  approveRestorationBy,
  markDisconnectedBy,
  importCsv,
  openAccount,
  platformForFile,
  signInStaff,
  signInStaffMembers,
  type AccountChanged,
} from './billing-api';

/*
 * Four eyes on restoring service: whoever put money on a past-due account's
 * balance by hand (cash at the counter, a credit adjustment) does not approve
 * the restoration it pays for, however the account moved in between (a card
 * payment voided, which sends it back to DISCONNECTED) and whether the money
 * was recorded before or after its disconnection.
 */

// Noon in Norman on 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformForFile({ clock, jobs: true });

it('keeps the clerk who took the cash from approving the restoration after a payment in between was voided', async () => {
  let clerk = await signInStaff(env.platform, 'norman', 'SUPPORT');
  const { viewer } = await clerk.data<{ viewer: { user: { username: string } } }>('{ viewer { user { username } } }');
  const statusOf = async (id: string) => (await accountById(clerk, id)).status;
  const guestPay = async (amount: string) => {
    const paid = await pay(env.platform.client.asTenant('norman'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '5300-0002', lastPaymentAmount: '150.00', amount }],
      token: await cardToken(env.platform),
      payerEmail: 'resident@example.com',
    });
    expect(paid.userErrors).toEqual([]);
    return paid.payment!;
  };
  const account = await openAccount(clerk, { accountNumber: '5300-0002', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(clerk, [BILL_HEADER, 'N-6101,5300-0002,2026-09-01,2026-09-22,155.00,,'].join('\n'));
  await env.platform.runJob('billing.disconnection-sweep');
  expect((await markDisconnectedBy(clerk, account.id)).userErrors).toEqual([]);

  // $150 of "cash" nobody handed over, then $5 by card: restoration is requested.
  clock.set(new Date('2026-11-23T18:01:00Z'));
  const cash = await clerk.data<{ recordCounterPayment: { userErrors: unknown[] } }>(
    'mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { userErrors { code } } }',
    { input: { idempotencyKey: randomUUID(), allocations: [{ serviceAccountId: account.id, amount: '150.00' }], method: 'CASH', cashReceived: '150.00', receivedBy: 'Pat Clerk' } },
  );
  expect(cash.recordCounterPayment.userErrors).toEqual([]);
  clock.set(new Date('2026-11-23T18:02:00Z'));
  const first = await guestPay('5.00');
  expect(await statusOf(account.id)).toBe('RESTORATION_PENDING');

  // The clerk voids the card payment the same day: the request is withdrawn, the account DISCONNECTED again.
  clock.set(new Date('2026-11-23T18:03:00Z'));
  expect((await clerk.data<{ voidPayment: { userErrors: unknown[] } }>(VOID, { input: { paymentId: first.id, reason: 'duplicate' } })).voidPayment.userErrors).toEqual([]);
  expect(await statusOf(account.id)).toBe('DISCONNECTED');

  // $5 by card again, posted the next day; the same clerk, signed in again, still may not approve.
  clock.set(new Date('2026-11-23T18:04:00Z'));
  await guestPay('5.00');
  clock.set(new Date('2026-11-24T18:00:00Z'));
  await env.platform.runJob('payments.post');
  clerk = bearer(env.platform.client.asTenant('norman'), (await signIn(env.platform.client.asTenant('norman'), viewer.user.username)).session!);
  expect((await approveRestorationBy(clerk, account.id)).userErrors.map((e) => e.code)).toEqual(['SECOND_STAFF_REQUIRED']);
  const other = await signInStaff(env.platform, 'norman', 'SUPPORT');
  expect(await approveRestorationBy(other, account.id)).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
}, 60_000);

/** A Norman account owing $155.00 from September, flagged past due by the sweep, as `staff` opened it. */
async function pastDueAccount(staff: GraphQLTestClient, number: string) {
  const account = await openAccount(staff, { accountNumber: number, city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(staff, [BILL_HEADER, `N-${number},${number},2026-09-01,2026-09-22,155.00,,`].join('\n'));
  await env.platform.runJob('billing.disconnection-sweep');
  return account;
}
const takeCash = (staff: GraphQLTestClient, serviceAccountId: string, amount: string) =>
  staff.data<{ recordCounterPayment: { userErrors: unknown[] } }>('mutation C($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { userErrors { code } } }', {
    input: { idempotencyKey: randomUUID(), allocations: [{ serviceAccountId, amount }], method: 'CASH', cashReceived: amount, receivedBy: 'Pat Clerk' },
  });
/** Whether the account's page offers `staff` Approve, and what it says instead (restorationApprovable, restorationBlockedBy). */
const offeredTo = async (staff: GraphQLTestClient, id: string) =>
  (await staff.data<{ serviceAccount: unknown }>('query R($id: UUID!) { serviceAccount(id: $id) { restorationApprovable restorationBlockedBy } }', { id })).serviceAccount;
const NOT_THEIRS = { restorationApprovable: false, restorationBlockedBy: 'SECOND_STAFF' };
const THEIRS = { restorationApprovable: true, restorationBlockedBy: null };
/**
 * The restoration queue's first event of the account after `after` as `staff` reads it: whether it offers them Approve,
 * and what it says instead. Of the account: an earlier test's event, committed while a long transaction elsewhere held
 * the feed back, may still arrive after the head that was read.
 */
async function queueSaysTo(staff: GraphQLTestClient, after: string | null, serviceAccountId: string) {
  const socket = staff.openSocket();
  try {
    type Event = { restorationRequests: { serviceAccountId: string; reason: string; approvable: boolean; blockedBy: string | null } };
    const feed = socket.subscribe<Event>('subscription Q($after: String) { restorationRequests(after: $after) { serviceAccountId reason approvable blockedBy } }', { after });
    const { reason, approvable, blockedBy } = (await feed.nextWhere((event) => event.restorationRequests.serviceAccountId === serviceAccountId)).restorationRequests;
    return { reason, approvable, blockedBy };
  } finally {
    await socket.close();
  }
}
const queueHead = async (staff: GraphQLTestClient) => (await staff.data<{ restorationRequestsHead: string | null }>('{ restorationRequestsHead }')).restorationRequestsHead;

it('keeps the clerk whose "cash" before the disconnection paid most of it from approving the restoration', async () => {
  const [admin, clerk, colleague] = await signInStaffMembers(env.platform, 'norman', ['ADMIN', 'SUPPORT', 'SUPPORT']);
  const account = await pastDueAccount(admin, '5300-0711');
  // $100 while only eligible ($55 still past due, over Norman's $50 minimum), then disconnected, then the real $55.
  const minuteLater = () => clock.set(new Date(clock.now().getTime() + 60_000));
  expect((await takeCash(clerk, account.id, '100.00')).recordCounterPayment.userErrors).toEqual([]);
  minuteLater();
  expect((await markDisconnectedBy(clerk, account.id)).userErrors).toEqual([]);
  minuteLater();
  expect((await takeCash(colleague, account.id, '55.00')).recordCounterPayment.userErrors).toEqual([]);
  expect((await accountById(admin, account.id)).status).toBe('RESTORATION_PENDING');
  // The pages offer Approve to whom the API takes it from, and tell the clerk another staff member approves it.
  expect({ clerk: await offeredTo(clerk, account.id), admin: await offeredTo(admin, account.id) }).toEqual({ clerk: NOT_THEIRS, admin: THEIRS });
  expect((await approveRestorationBy(clerk, account.id)).userErrors.map((e) => e.code)).toEqual(['SECOND_STAFF_REQUIRED']);
  expect((await approveRestorationBy(admin, account.id)).serviceAccount).toEqual({ status: 'ACTIVE' });
}, 60_000);

it('keeps the ADMIN who credited a disconnected account by adjustment from approving its restoration alone', async () => {
  const [admin, other] = await signInStaffMembers(env.platform, 'norman', ['ADMIN', 'ADMIN']);
  const account = await pastDueAccount(admin, '5300-0712');
  expect((await markDisconnectedBy(admin, account.id)).userErrors).toEqual([]);
  const head = await queueHead(admin);
  const credit = await admin.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, {
    input: { serviceAccountId: account.id, kind: 'ADJUSTMENT', amount: '-155.00', memo: 'correction', idempotencyKey: randomUUID() },
  });
  expect(credit.recordAccountAdjustment.userErrors).toEqual([]);
  expect((await accountById(admin, account.id)).status).toBe('RESTORATION_PENDING');
  expect({ admin: await offeredTo(admin, account.id), other: await offeredTo(other, account.id) }).toEqual({ admin: NOT_THEIRS, other: THEIRS });
  // The restoration queue says the same to each of them.
  expect({ admin: await queueSaysTo(admin, head, account.id), other: await queueSaysTo(other, head, account.id) }).toEqual({
    admin: { reason: 'PAID_IN_FULL', approvable: false, blockedBy: 'SECOND_STAFF' },
    other: { reason: 'PAID_IN_FULL', approvable: true, blockedBy: null },
  });
  expect((await approveRestorationBy(admin, account.id)).userErrors.map((e) => e.code)).toEqual(['SECOND_STAFF_REQUIRED']);
  expect((await approveRestorationBy(other, account.id)).serviceAccount).toEqual({ status: 'ACTIVE' });
}, 60_000);

it("lets the platform's operator be the second pair of eyes when the clerk who took the cash is the city's only one at hand, named in the history and audit log", async () => {
  const [admin, clerk] = await signInStaffMembers(env.platform, 'norman', ['ADMIN', 'SUPPORT']);
  const operator = env.platform.operator.asTenant('norman');
  const account = await pastDueAccount(admin, '5300-0713');
  expect((await markDisconnectedBy(clerk, account.id)).userErrors).toEqual([]);
  expect((await takeCash(clerk, account.id, '155.00')).recordCounterPayment.userErrors).toEqual([]);
  expect((await accountById(admin, account.id)).status).toBe('RESTORATION_PENDING');
  expect((await approveRestorationBy(clerk, account.id)).userErrors.map((e) => e.code)).toEqual(['SECOND_STAFF_REQUIRED']);

  const answer = await operator.request<{ approveRestoration: AccountChanged }>(APPROVE_RESTORATION, { id: account.id });
  expect(answer.errors).toBeUndefined();
  expect(answer.data?.approveRestoration).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
  const history = (await accountById(admin, account.id)).statusHistory as { toStatus: string; reason: string; actor: string }[];
  expect(history.at(-1)).toMatchObject({ toStatus: 'ACTIVE', reason: 'RESTORATION_APPROVED', actor: 'platform-operator' });
  const logged = await tenantRows<{ actor: string; detail: Record<string, string> }>(
    env.platform,
    'norman',
    `SELECT actor, detail FROM security_events WHERE kind = 'ACCOUNT_STATUS_CHANGED' AND detail->>'serviceAccountId' = $1 AND detail->>'reason' = 'RESTORATION_APPROVED'`,
    [account.id],
  );
  expect(logged.map((event) => event.actor)).toEqual(['platform-operator']);
}, 60_000);
