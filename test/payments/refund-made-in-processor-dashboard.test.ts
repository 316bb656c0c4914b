import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { accountById, signInStaff } from '../billing/billing-api';
import { REFUND, VOID, accountPaidByCard, newKey, refundAtProcessor, type PaymentShape } from './payments-api';
import { operationsByWhom, paymentOperations, refundNotices } from './refunds-recorded';

/*
 * Found by the refunds attacker: city staff can give money back in the
 * processor's own dashboard, as they can void a charge there. A void made
 * there was found and recorded; a refund was not. The posting job asked the
 * processor about the charge and posted all of it anyway, so the payment
 * showed nothing refunded, the account owed nothing again though the city
 * had given the money back, and a later refund of what the console said was
 * left was refused with only "The processor refused the refund." Now what the
 * processor says it has refunded beyond the refunds recorded here is recorded
 * as the processor's refund, as a dashboard void is recorded as its void:
 * the payment shows it, the account owes it again, the payer is told.
 */

// Monday 2026-11-23, 10:00 in Norwalk.
const NOW = new Date('2026-11-23T18:00:00Z');
const clock = new FixedClock(NOW);
let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
});
afterAll(() => platform.close());

const detail = (id: string) => paymentOperations(staff, id);
const owed = async (accountId: string) => (await accountById(staff, accountId)).balance.amountDueNow.amount;

let bills = 0;
/** A new Norwalk account owing one bill of $50.00, paid in full by card today. */
const paidAccount = () => accountPaidByCard(platform, staff, `B-DASH-${++bills}`, 'dashboard-refund@example.com');

/** The posting day (Tuesday), then back to Monday: fresh sessions either side, as the day outlives them. */
async function postingDay() {
  clock.set(new Date('2026-11-24T18:00:00Z'));
  try {
    await platform.runJob('payments.post');
    await platform.runJob('payments.post');
    await platform.runJob('payments.reconcile');
  } finally {
    clock.set(NOW);
    staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  }
}

it('records a refund made in the dashboard before the posting day when the payment posts: posted, then given back, once', async () => {
  const { account, payment } = await paidAccount();
  await refundAtProcessor(platform, payment.id, 2000n);

  await postingDay();

  const after = await detail(payment.id);
  expect({ status: after.status, refunded: after.refunded.amount, refundable: after.refundable }).toEqual({ status: 'PARTIALLY_REFUNDED', refunded: '20.00', refundable: true });
  expect(after.history.slice(-2).map((h) => [h.toStatus, h.actor, h.reasonLabel])).toEqual([
    ['POSTED', 'system', 'Its posting day came'],
    ['PARTIALLY_REFUNDED', 'processor', 'Refunded at the processor'],
  ]);
  // One refund, the processor's, however many times the job ran.
  expect(after.operations.map((o) => [o.kind, o.status, o.amount.amount, o.actor, o.reason])).toEqual([['REFUND', 'SUCCEEDED', '20.00', 'processor', 'refunded at the processor']]);
  expect(await owed(account.id)).toBe('20.00');
  expect(await refundNotices(platform, payment)).toEqual(['$20.00']);
});

it('records a refund made in the dashboard after posting when staff refund the payment, and tells them what is really left to refund', async () => {
  const { account, payment } = await paidAccount();
  await postingDay();
  await refundAtProcessor(platform, payment.id, 1500n);

  // The console still says $50.00 is refundable; the processor has $35.00 left.
  const { refundPayment: tooMuch } = await staff.data<{ refundPayment: { payment: PaymentShape | null; userErrors: { field: string[]; code: string; message: string }[] } }>(REFUND, {
    input: { paymentId: payment.id, amount: '50.00', reason: 'Moved out', idempotencyKey: newKey('rf') },
  });
  expect(tooMuch.userErrors).toEqual([{ field: ['input', 'amount'], code: 'REFUND_TOO_LARGE', message: expect.stringContaining('$35.00') }]);
  expect(await detail(payment.id)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: { amount: '15.00' } });
  expect(await owed(account.id)).toBe('15.00');

  const { refundPayment: rest } = await staff.data<{ refundPayment: { payment: PaymentShape | null; userErrors: unknown[] } }>(REFUND, {
    input: { paymentId: payment.id, amount: '35.00', reason: 'Moved out', idempotencyKey: newKey('rf') },
  });
  expect(rest.userErrors).toEqual([]);
  expect(rest.payment).toMatchObject({ status: 'REFUNDED', refunded: { amount: '50.00' } });
  expect(operationsByWhom(await detail(payment.id))).toEqual(
    expect.arrayContaining([
      ['processor', '15.00'],
      ['staff', '35.00'],
    ]),
  );
  expect(await owed(account.id)).toBe('50.00');
  expect((await refundNotices(platform, payment)).sort()).toEqual(['$15.00', '$35.00']);
});

it('records a refund made in the dashboard on the day of the payment when staff void it, and refuses the void as for any payment refunded in part', async () => {
  const { account, payment } = await paidAccount();
  await refundAtProcessor(platform, payment.id, 1000n);

  const { voidPayment } = await staff.data<{ voidPayment: { payment: PaymentShape | null; userErrors: { code: string }[] } }>(VOID, { input: { paymentId: payment.id, reason: 'Paid twice' } });
  expect(voidPayment.userErrors.map((e) => e.code)).toEqual(['NOT_VOIDABLE']);
  expect(await detail(payment.id)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: { amount: '10.00' } });
  expect(await owed(account.id)).toBe('10.00');
});
