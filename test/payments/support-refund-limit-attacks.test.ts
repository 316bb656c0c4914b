import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, platformForFile, signInStaff } from '../billing/billing-api';
import { bearer, signIn, tenantRows } from '../customers/customer-api';
import { CHANGE_ROLE, viewerId } from '../customers/staff-removal';
import { REFUND, VOID, bankToken, cardToken, newKey, pay } from './payments-api';

/*
 * A SUPPORT clerk's $1,000.00 a day of refunds, pressed where it could give: two refunds sent at once, a refund the
 * processor refuses, one it has not answered yet, and a clerk made ADMIN in the middle of the day. What counts is
 * money that went back, or may have: never more than the limit, and a refusal gives its allowance back.
 */
// Noon in Norwalk (America/Los_Angeles) on Tuesday 2026-11-24; payments are made the day before.
const DAY = new Date('2026-11-24T20:00:00Z');
const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
const HANG_MS = 600;
// The gateway gives the processor 300 ms; a refund of the sandbox's magic $13.13 is made, its answer held back longer.
const file = platformForFile({ clock, processorTimeoutMs: 300, sandboxHangMs: HANG_MS });
let admin: GraphQLTestClient;
const payments: { card: string[]; echeck: string } = { card: [], echeck: '' };

type Payload = { refundPayment: { payment: { refunded: { amount: string } } | null; userErrors: { field: string[]; code: string; message: string }[] } };
const refund = (staff: GraphQLTestClient, paymentId: string, amount: string) => staff.data<Payload>(REFUND, { input: { paymentId, amount, reason: 'billed twice', idempotencyKey: newKey('refund') } });
const codes = (answer: Payload) => answer.refundPayment.userErrors.map((error) => error.code);

/** A fresh account's $1,200.00 bill paid by a guest with `token`. */
async function paymentOf(token: string): Promise<string> {
  const number = (await openAccount(admin)).accountNumber;
  await importCsv(admin, [BILL_HEADER, `B-${number},${number},2026-11-01,2026-11-30,1200.00,0.00,0.00`].join('\n'));
  const paid = await pay(file.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: number, amount: '1200.00' }],
    token,
    payerEmail: 'big.payer@example.com',
  });
  if (!paid.payment) throw new Error(JSON.stringify(paid.userErrors));
  return paid.payment.id;
}

beforeAll(async () => {
  admin = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  for (let i = 0; i < 4; i++) payments.card.push(await paymentOf(await cardToken(file.platform)));
  payments.echeck = await paymentOf(await bankToken(file.platform));
  // The next day: the e-check's bank has not settled it, so the processor refuses a refund of it.
  clock.set(DAY);
  admin = await signInStaff(file.platform, 'norwalk', 'ADMIN');
});

const operationsOf = (paymentId: string) =>
  tenantRows<{ amount: string; status: string }>(file.platform, 'norwalk', `SELECT amount_cents::text AS amount, status FROM payment_operations WHERE payment_id = $1 ORDER BY created_at`, [
    paymentId,
  ]);

it('of two $600.00 refunds one clerk sends at once, makes one and refuses the other', async () => {
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const answers = await Promise.all([refund(clerk, payments.card[0]!, '600.00'), refund(clerk, payments.card[0]!, '600.00')]);
  expect(answers.map(codes).sort()).toEqual([[], ['REFUND_LIMIT_REACHED']]);
  expect(await operationsOf(payments.card[0]!)).toEqual([{ amount: '60000', status: 'SUCCEEDED' }]);
});

it('gives back the allowance of a refund the processor refused', async () => {
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const refused = await refund(clerk, payments.echeck, '1000.00');
  expect(refused.refundPayment.userErrors).toEqual([{ field: ['input', 'paymentId'], code: 'NOT_REFUNDABLE', message: 'This electronic check has not settled yet: void it instead of refunding.' }]);
  expect(codes(await refund(clerk, payments.card[1]!, '1000.00'))).toEqual([]);
});

it('counts a refund the processor has not answered yet', async () => {
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  expect(codes(await refund(clerk, payments.card[2]!, '13.13'))).toEqual(['PROCESSOR_UNAVAILABLE']);
  expect((await refund(clerk, payments.card[2]!, '990.00')).refundPayment.userErrors).toEqual([
    {
      field: ['input', 'amount'],
      code: 'REFUND_LIMIT_REACHED',
      message: 'Support staff may refund up to $1,000.00 a day, and you have $986.87 left today: an administrator must make this refund.',
    },
  ]);
  await new Promise((resolve) => setTimeout(resolve, HANG_MS + 100));
});

it('lets a clerk made ADMIN mid-day, signed in again, refund past what they had left as SUPPORT', async () => {
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const email = (await clerk.data<{ viewer: { user: { email: string } } }>('{ viewer { user { email } } }')).viewer.user.email;
  expect(codes(await refund(clerk, payments.card[3]!, '1000.00'))).toEqual([]);
  const promoted = await admin.data<{ changeStaffRole: { userErrors: unknown[] } }>(CHANGE_ROLE, { input: { userId: await viewerId(clerk), role: 'ADMIN' } });
  expect(promoted.changeStaffRole.userErrors).toEqual([]);
  const again = bearer(file.platform.client.asTenant('norwalk'), (await signIn(file.platform.client.asTenant('norwalk'), email)).session!);
  expect((await refund(again, payments.card[3]!, '200.00')).refundPayment.payment?.refunded.amount).toBe('1200.00');
});

it("counts a clerk's void of a card payment made today, which sends all of it back onto the card, as a refund", async () => {
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const today = await paymentOf(await cardToken(file.platform));
  expect(codes(await refund(clerk, payments.card[0]!, '300.00'))).toEqual([]);
  type Voided = { voidPayment: { payment: { status: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };
  const voidIt = (staff: GraphQLTestClient) => staff.data<Voided>(VOID, { input: { paymentId: today, reason: 'paid twice' } });
  expect((await voidIt(clerk)).voidPayment.userErrors).toEqual([
    {
      field: ['input', 'paymentId'],
      code: 'REFUND_LIMIT_REACHED',
      message: 'Support staff may give back up to $1,000.00 a day in refunds and voids, and you have $700.00 left today: an administrator must void this payment.',
    },
  ]);
  expect((await voidIt(admin)).voidPayment.payment?.status).toBe('VOIDED');
});
