import { randomUUID } from 'node:crypto';
import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { REFUND, VOID, cardToken, newKey, pay } from '../payments/payments-api';
import { ADJUST, BILL_HEADER, accountById, approveRestorationBy, markDisconnectedBy, importCsv, openAccount, platformForFile, signInStaff, signInStaffMembers } from './billing-api';

/*
 * Four eyes on restoring service, for money put on the balance by hand
 * before the account was flagged past due. What counts is what the
 * restoration relies on, not which side of the sweep's run the money was
 * recorded: "cash" taken minutes before the hourly sweep flagged the rest of
 * the same debt, or a credit balance a later bill drew on, pays for the
 * restoration as surely as "cash" taken after. Money that paid an earlier
 * bill in full, before the debt the account was disconnected over began,
 * does not keep its taker from approving, nor does "cash" voided as rung up
 * in error: it moved no money.
 */

// Noon in Norman on 2026-11-23; Norman flags $50 or more past due.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformForFile({ clock, jobs: true });

const minuteLater = () => clock.set(new Date(clock.now().getTime() + 60_000));
const normanAccount = (staff: GraphQLTestClient, number: string) => openAccount(staff, { accountNumber: number, city: 'Norman', region: 'OK', postalCode: '73069' });
const bill = async (staff: GraphQLTestClient, number: string, billNumber: string, dueDate: string, amount: string) => {
  expect((await importCsv(staff, [BILL_HEADER, `${billNumber},${number},2026-08-01,${dueDate},${amount},,`].join('\n'))).userErrors).toEqual([]);
};
/** The counter payment's id. */
const takeCash = async (staff: GraphQLTestClient, serviceAccountId: string, amount: string): Promise<string> => {
  const taken = await staff.data<{ recordCounterPayment: { payment: { id: string } | null; userErrors: unknown[] } }>(
    'mutation C($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id } userErrors { code } } }',
    { input: { idempotencyKey: randomUUID(), allocations: [{ serviceAccountId, amount }], method: 'CASH', cashReceived: amount, receivedBy: 'Pat Clerk' } },
  );
  expect(taken.recordCounterPayment.userErrors).toEqual([]);
  return taken.recordCounterPayment.payment!.id;
};
const voidAsMistake = async (staff: GraphQLTestClient, paymentId: string) => {
  const { voidPayment } = await staff.data<{ voidPayment: { payment: { status: string } | null; userErrors: unknown[] } }>(VOID, { input: { paymentId, reason: 'Rang up on the wrong account' } });
  expect(voidPayment).toMatchObject({ payment: { status: 'VOIDED' }, userErrors: [] });
};
const credit = async (admin: GraphQLTestClient, serviceAccountId: string, amount: string) => {
  const adjusted = await admin.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, {
    input: { serviceAccountId, kind: 'ADJUSTMENT', amount: `-${amount}`, memo: 'correction', idempotencyKey: randomUUID() },
  });
  expect(adjusted.recordAccountAdjustment.userErrors).toEqual([]);
};
const statusOf = async (staff: GraphQLTestClient, id: string) => (await accountById(staff, id)).status;
const sweep = () => env.platform.runJob('billing.disconnection-sweep');
const disconnect = async (staff: GraphQLTestClient, id: string) => {
  expect((await markDisconnectedBy(staff, id)).userErrors).toEqual([]);
};
/** A Norman account disconnected over one unpaid bill of `amount` (after the earlier bills `before` writes, if any): its id. */
const disconnectedOver = async (admin: GraphQLTestClient, number: string, amount: string, before?: (accountId: string) => Promise<void>): Promise<string> => {
  const account = await normanAccount(admin, number);
  await before?.(account.id);
  await bill(admin, number, `N-${number}`, '2026-09-22', amount);
  minuteLater();
  await sweep();
  minuteLater();
  await disconnect(admin, account.id);
  return account.id;
};

it('keeps the clerk whose "cash" cut the debt minutes before the sweep flagged the rest from approving its restoration', async () => {
  const [admin, clerk, colleague] = await signInStaffMembers(env.platform, 'norman', ['ADMIN', 'SUPPORT', 'SUPPORT']);
  const account = await normanAccount(admin, '5300-0811');
  await bill(admin, '5300-0811', 'N-0811', '2026-09-22', '155.00');
  // $100 of "cash" nobody handed over, on an account not yet flagged: $55 stays past due, over Norman's minimum.
  minuteLater();
  await takeCash(clerk, account.id, '100.00');
  expect(await statusOf(admin, account.id)).toBe('ACTIVE');
  minuteLater();
  await sweep();
  expect(await statusOf(admin, account.id)).toBe('DISCONNECT_ELIGIBLE');
  minuteLater();
  await disconnect(clerk, account.id);
  // The real $55, from someone else: the restoration relies on the clerk's $100 as much as on it.
  minuteLater();
  await takeCash(colleague, account.id, '55.00');
  expect(await statusOf(admin, account.id)).toBe('RESTORATION_PENDING');

  expect((await approveRestorationBy(clerk, account.id)).userErrors.map((e) => e.code)).toEqual(['SECOND_STAFF_REQUIRED']);
  expect(await statusOf(admin, account.id)).toBe('RESTORATION_PENDING');
  expect(await approveRestorationBy(admin, account.id)).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
}, 60_000);

it('keeps the ADMIN whose credit balance a later bill drew on from approving its restoration alone', async () => {
  const [admin, otherAdmin, colleague] = await signInStaffMembers(env.platform, 'norman', ['ADMIN', 'ADMIN', 'SUPPORT']);
  const account = await normanAccount(otherAdmin, '5300-0812');
  await bill(otherAdmin, '5300-0812', 'N-0812-A', '2026-09-01', '155.00');
  // A $300 credit on $155 owed: $145 left over, which the next bill draws on.
  minuteLater();
  await credit(admin, account.id, '300.00');
  minuteLater();
  await bill(otherAdmin, '5300-0812', 'N-0812-B', '2026-09-22', '300.00');
  minuteLater();
  await sweep();
  expect(await statusOf(admin, account.id)).toBe('DISCONNECT_ELIGIBLE');
  minuteLater();
  await disconnect(otherAdmin, account.id);
  minuteLater();
  await takeCash(colleague, account.id, '155.00');
  expect(await statusOf(admin, account.id)).toBe('RESTORATION_PENDING');

  expect((await approveRestorationBy(admin, account.id)).userErrors.map((e) => e.code)).toEqual(['SECOND_STAFF_REQUIRED']);
  expect(await approveRestorationBy(otherAdmin, account.id)).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
}, 60_000);

it('lets the clerk whose cash paid an earlier bill in full approve the restoration of a later debt', async () => {
  const [admin, clerk, colleague] = await signInStaffMembers(env.platform, 'norman', ['ADMIN', 'SUPPORT', 'SUPPORT']);
  const accountId = await disconnectedOver(admin, '5300-0813', '155.00', async (id) => {
    await bill(admin, '5300-0813', 'N-0813-A', '2026-08-22', '80.00');
    minuteLater();
    await takeCash(clerk, id, '80.00');
    minuteLater();
  });
  minuteLater();
  await takeCash(colleague, accountId, '155.00');
  expect(await statusOf(admin, accountId)).toBe('RESTORATION_PENDING');

  expect(await approveRestorationBy(clerk, accountId)).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
}, 60_000);

it('lets the clerk whose "cash" on the account was voided as rung up in error approve the restoration another’s payment opens', async () => {
  const [admin, clerk, colleague] = await signInStaffMembers(env.platform, 'norman', ['ADMIN', 'SUPPORT', 'SUPPORT']);
  const accountId = await disconnectedOver(admin, '5300-0814', '155.00');
  // Another household's $155, rung up on this account, and voided by a colleague the same day.
  minuteLater();
  const mistake = await takeCash(clerk, accountId, '155.00');
  expect(await statusOf(admin, accountId)).toBe('RESTORATION_PENDING');
  minuteLater();
  await voidAsMistake(colleague, mistake);
  expect(await statusOf(admin, accountId)).toBe('DISCONNECTED');
  minuteLater();
  await takeCash(colleague, accountId, '155.00');
  expect(await statusOf(admin, accountId)).toBe('RESTORATION_PENDING');

  expect(await approveRestorationBy(clerk, accountId)).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
}, 60_000);

it('lets the clerk who refunded part of a resident’s own card payment approve the restoration it paid for: the money was the card’s', async () => {
  const [admin, clerk] = await signInStaffMembers(env.platform, 'norman', ['ADMIN', 'SUPPORT']);
  const accountId = await disconnectedOver(admin, '5300-0816', '155.00');
  minuteLater();
  const paid = await pay(env.platform.client.asTenant('norman'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '5300-0816', lastPaymentAmount: '0.00', amount: '200.00' }],
    token: await cardToken(env.platform),
    payerEmail: 'overpaid@example.com',
  });
  expect(paid.userErrors).toEqual([]);
  // The same day, the clerk gives back the $45.00 paid over (which posts the payment early).
  minuteLater();
  const refunded = await clerk.data<{ refundPayment: { userErrors: unknown[] } }>(REFUND, { input: { paymentId: paid.payment!.id, amount: '45.00', reason: 'Paid over', idempotencyKey: newKey() } });
  expect(refunded.refundPayment.userErrors).toEqual([]);
  expect(await statusOf(admin, accountId)).toBe('RESTORATION_PENDING');

  minuteLater();
  // Before: SECOND_STAFF_REQUIRED, the early posting recorded as the clerk's money.
  expect(await approveRestorationBy(clerk, accountId)).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
}, 60_000);

it('still keeps the clerk whose own cash pays for the restoration from approving it, though another of their payments was voided', async () => {
  const [admin, clerk, colleague] = await signInStaffMembers(env.platform, 'norman', ['ADMIN', 'SUPPORT', 'SUPPORT']);
  const accountId = await disconnectedOver(admin, '5300-0815', '155.00');
  minuteLater();
  await voidAsMistake(colleague, await takeCash(clerk, accountId, '20.00'));
  minuteLater();
  await takeCash(clerk, accountId, '155.00');
  expect(await statusOf(admin, accountId)).toBe('RESTORATION_PENDING');

  expect((await approveRestorationBy(clerk, accountId)).userErrors.map((e) => e.code)).toEqual(['SECOND_STAFF_REQUIRED']);
  expect(await approveRestorationBy(colleague, accountId)).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
}, 60_000);

it('keeps a paid restoration approvable when the next bill comes before the approval, and a payment of part of that bill does not withdraw it', async () => {
  const admin = await signInStaff(env.platform, 'norman', 'ADMIN');
  const accountId = await disconnectedOver(admin, '5300-0817', '155.00');
  minuteLater();
  const payNorman = async (amount: string, lastPaymentAmount: string) => {
    const paid = await pay(env.platform.client.asTenant('norman'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '5300-0817', lastPaymentAmount, amount }],
      token: await cardToken(env.platform),
      payerEmail: 'next-bill@example.com',
    });
    expect(paid.userErrors).toEqual([]);
  };
  await payNorman('155.00', '0.00');
  expect(await statusOf(admin, accountId)).toBe('RESTORATION_PENDING');
  // The next day the payment posts, and the month's bill, due in three weeks, is imported before anyone approves.
  clock.set(new Date(clock.now().getTime() + 24 * 3600_000));
  await env.platform.runJob('payments.post');
  const [clerk, colleague] = await signInStaffMembers(env.platform, 'norman', ['SUPPORT', 'SUPPORT']);
  await bill(clerk, '5300-0817', 'N-5300-0817-B', '2026-12-15', '40.00');
  expect(await statusOf(clerk, accountId)).toBe('RESTORATION_PENDING');
  // The resident pays part of the new bill: the request stands (before, it went back to DISCONNECTED as if money had been given back).
  minuteLater();
  await payNorman('10.00', '155.00');
  expect(await statusOf(clerk, accountId)).toBe('RESTORATION_PENDING');

  // Before: PAYMENT_NOT_POSTED ('the payment has not posted yet'), though it had, until the new bill was paid too.
  expect(await approveRestorationBy(colleague, accountId)).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
}, 60_000);
