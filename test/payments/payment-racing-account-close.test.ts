import { FixedClock, startTestPlatform, type GraphQLTestClient, type GraphQLResponse, type TestPlatform } from '@platform/testkit';
import { accountById, BILL_HEADER, CLOSE_ACCOUNT, type ClosedAccount, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { link } from '../customers/linked-resident';
import { bearer, registerCustomer, serviceHouseNumber } from '../customers/customer-api';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';
import { changeCitySettings } from '../tenants/city-settings';
import { MAKE_PAYMENT, cardToken, newKey, type MakePaymentResult } from './payments-api';

/*
 * Norwalk takes payments into credit on open accounts, and a closed account
 * takes nothing beyond what it owes. A payment reads the account's status as
 * it resolves whom it pays, then asks the processor about the card, then
 * records itself; an ADMIN closing the account in between was not seen: the
 * payment was charged in full, and the closed account, never billed again,
 * held the rest of it as credit nobody would look for (found by the race
 * attacker: 10 rounds in 10 by card, 14 in 15 in cash at the counter). The
 * payment's record now holds its accounts under a lock the close waits for,
 * so one of the two goes first: the close finds the payment (and is refused
 * until it settles), or the payment finds the account closed and takes no
 * more than it owes, as if it had been paid after the close.
 */

const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
let platform: TestPlatform;
let admin: GraphQLTestClient;
let clerk: GraphQLTestClient;
let n = 0;

beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  await changeCitySettings(platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true } });
  admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  clerk = await signInStaff(platform, 'norwalk', 'SUPPORT');
}, 60_000);
afterAll(() => platform?.close());

const COUNTER = `mutation C($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id status } userErrors { field code message } } }`;
type Counter = { recordCounterPayment: { payment: { id: string; status: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };
type Paid = GraphQLResponse<{ makePayment: MakePaymentResult }>;

/** A Norwalk account owing one bill of `dollars`. */
async function accountOwing(dollars: string) {
  n++;
  const number = `96-${String(n).padStart(4, '0')}-00`;
  const account = await openAccount(admin, { accountNumber: number, addressLine1: `${900 + n} Elm St` });
  expect((await importCsv(admin, [BILL_HEADER, `CL-${n},${number},2026-11-20,2026-12-20,${dollars},,`].join('\n'))).imported).toBe(1);
  return { id: account.id, number };
}

/** Status, what it owes after pending payments (negative: credit), and what it owes now, as staff see the account. */
async function standing(id: string) {
  const { status, balance } = await accountById(admin, id);
  return { status, afterPending: (Number(balance.posted.amount) - Number(balance.pendingPayments.amount)).toFixed(2), amountDueNow: balance.amountDueNow.amount };
}

const guestPays = async (number: string, amount: string, token: string): Promise<Paid> =>
  platform.client
    .asTenant('norwalk')
    .request<{ makePayment: MakePaymentResult }>(MAKE_PAYMENT, { input: { idempotencyKey: newKey(), allocations: [{ accountNumber: number, amount }], token, payerEmail: 'moving@example.com' } });

const takeCash = (serviceAccountId: string, amount: string) =>
  clerk.request<Counter>(COUNTER, { input: { idempotencyKey: newKey('cash'), allocations: [{ serviceAccountId, amount }], method: 'CASH', cashReceived: amount, receivedBy: 'Pat' } });

/** Settles once `promise` has, for untilWaitingOnLocks' `finished`. */
function settledFlag(promise: Promise<unknown>): () => boolean {
  let settled = false;
  void promise.finally(() => (settled = true)).catch(() => undefined);
  return () => settled;
}

describe('the payment recorded first: the close finds it still with the processor', () => {
  /*
   * The test holds the account, as a slow commit would. The payment's record waits for it first, then the close; let
   * go, the payment, first in line, holds the account open and commits, and the close, after it, finds it.
   */
  async function closeWhileRecording(account: { id: string; number: string }, startPaying: () => Promise<Paid>) {
    const release = await holdRows(platform.db, 'norwalk', 'SELECT id FROM service_accounts WHERE id = $1 FOR UPDATE', [account.id]);
    const paying = startPaying();
    await untilWaitingOnLocks(platform.db, '%', { n: 1, finished: settledFlag(paying) });
    const closing = admin.request<ClosedAccount>(CLOSE_ACCOUNT, { id: account.id });
    await untilWaitingOnLocks(platform.db, '%', { n: 2, finished: settledFlag(closing) });
    await release();
    const [paid, closed] = await Promise.all([paying, closing]);
    expect([paid.errors, closed.errors]).toEqual([undefined, undefined]);
    return { payment: paid.data!.makePayment, close: closed.data!.closeServiceAccount, standing: await standing(account.id) };
  }

  it('a guest pays $150.00 of the $100.00 owed as an ADMIN closes the account: the close is refused, and the account is left open with the credit', async () => {
    const account = await accountOwing('100.00');
    const token = await cardToken(platform);
    const r = await closeWhileRecording(account, () => guestPays(account.number, '150.00', token));
    expect(r.payment.payment?.status).toBe('CAPTURED');
    expect(r.close).toEqual({ serviceAccount: null, userErrors: [expect.objectContaining({ field: ['serviceAccountId'], code: 'PAYMENT_BEING_CONFIRMED' })] });
    expect(r.standing).toEqual({ status: 'ACTIVE', afterPending: '-50.00', amountDueNow: '0.00' });
  }, 60_000);

  it('a signed-in resident pays by account id: the same', async () => {
    const account = await accountOwing('100.00');
    const tenant = platform.client.asTenant('norwalk');
    const { session } = await registerCustomer(tenant, { email: `mover${n}@example.com` });
    const resident = bearer(tenant, session);
    await link(resident, account.number, { serviceHouseNumber: await serviceHouseNumber(platform, 'norwalk', account.number) });
    const token = await cardToken(platform);
    const r = await closeWhileRecording(account, () =>
      resident.request<{ makePayment: MakePaymentResult }>(MAKE_PAYMENT, { input: { idempotencyKey: newKey(), allocations: [{ serviceAccountId: account.id, amount: '150.00' }], token } }),
    );
    expect(r.payment.payment?.status).toBe('CAPTURED');
    expect(r.close.userErrors.map((e) => e.code)).toEqual(['PAYMENT_BEING_CONFIRMED']);
    expect(r.standing).toEqual({ status: 'ACTIVE', afterPending: '-50.00', amountDueNow: '0.00' });
  }, 60_000);
});

it('the close first: cash of more than is owed, taken at the counter as the account closes, is refused as it would be after the close', async () => {
  const account = await accountOwing('100.00');
  const release = await holdRows(platform.db, 'norwalk', 'SELECT id FROM service_accounts WHERE id = $1 FOR UPDATE', [account.id]);
  const closing = admin.request<ClosedAccount>(CLOSE_ACCOUNT, { id: account.id });
  await untilWaitingOnLocks(platform.db, '%', { n: 1 });
  // The clerk's screen read the account open; the payment's record waits for the account behind the close.
  const paying = takeCash(account.id, '150.00');
  await untilWaitingOnLocks(platform.db, '%', { n: 2, finished: settledFlag(paying) });
  await release();
  const [closed, paid] = await Promise.all([closing, paying]);
  expect(closed.data?.closeServiceAccount).toEqual({ serviceAccount: { status: 'CLOSED' }, userErrors: [] });
  expect(paid.data?.recordCounterPayment).toEqual({
    payment: null,
    userErrors: [{ field: ['input', 'allocations', '0', 'amount'], code: 'EXCEEDS_AMOUNT_DUE', message: 'This account is closed and owes $100.00; it takes no more than it owes.' }],
  });
  expect(await standing(account.id)).toEqual({ status: 'CLOSED', afterPending: '100.00', amountDueNow: '100.00' });
  // What it owes is still taken.
  expect((await takeCash(account.id, '100.00')).data?.recordCounterPayment.payment?.status).toBe('POSTED');
}, 60_000);

describe('nothing held: payments and a close sent together', () => {
  const ROUNDS = 6;

  it(`three card payments of $150.00 on $100.00 owed and a close, ${ROUNDS} rounds: never a closed account in credit`, async () => {
    const inCredit: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const account = await accountOwing('100.00');
      const tokens = await Promise.all([1, 2, 3].map(() => cardToken(platform)));
      const answers = await Promise.all([...tokens.map((token) => guestPays(account.number, '150.00', token)), admin.request<ClosedAccount>(CLOSE_ACCOUNT, { id: account.id })]);
      expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined, undefined, undefined]);
      const after = await standing(account.id);
      if (after.status === 'CLOSED' && after.afterPending.startsWith('-')) inCredit.push(`${account.number}: ${after.afterPending}`);
    }
    expect(inCredit).toEqual([]);
  }, 120_000);

  it(`three counter payments of $150.00 in cash on $100.00 owed and a close, ${ROUNDS} rounds: never a closed account in credit`, async () => {
    const inCredit: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const account = await accountOwing('100.00');
      const answers = await Promise.all([...[1, 2, 3].map(() => takeCash(account.id, '150.00')), admin.request<ClosedAccount>(CLOSE_ACCOUNT, { id: account.id })]);
      expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined, undefined, undefined]);
      const after = await standing(account.id);
      if (after.status === 'CLOSED' && after.afterPending.startsWith('-')) inCredit.push(`${account.number}: ${after.afterPending}`);
    }
    expect(inCredit).toEqual([]);
  }, 120_000);
});
