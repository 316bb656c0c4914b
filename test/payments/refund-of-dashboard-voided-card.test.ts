import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { accountById, signInStaff } from '../billing/billing-api';
import { REFUND, STAFF_PAYMENT, cardToken, newKey, pay, voidAtProcessor, type PaymentShape } from './payments-api';

/*
 * A card charge voided in the processor's dashboard, then a refund asked of it on the platform. The refund posts
 * the payment "early" before asking the processor, without asking whether the charge still stands (as the posting
 * job does); the processor refuses the refund (charge_voided), but the posting stays: the account is credited with
 * money that never moved, and the posting job never looks at the payment again.
 */

// Monday 2026-11-23, 10:00 in Norwalk.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
});
afterAll(() => platform.close());

type Payload = { payment: PaymentShape | null; userErrors: { field: string[]; code: string; message: string }[] };

it('a refund refused because the card charge was voided at the processor does not leave the payment posted as money received', async () => {
  const result = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('dash-void-refund'),
    allocations: [{ accountNumber: '10-1002-00', amount: '50.00' }],
    token: await cardToken(platform),
    payerEmail: 'dashboard-refund@example.com',
  });
  expect(result.payment?.status).toBe('CAPTURED');
  const payment = result.payment!;
  const accountId = payment.allocations[0]!.serviceAccountId;
  const before = (await accountById(staff, accountId)).balance;

  // A clerk voids the charge in the processor's dashboard; another clerk, not knowing, refunds part of it in the console.
  await voidAtProcessor(platform, payment.id);
  const refunded = (await staff.data<{ refundPayment: Payload }>(REFUND, { input: { paymentId: payment.id, amount: '10.00', reason: 'Goodwill', idempotencyKey: newKey('r') } })).refundPayment;
  expect(refunded.userErrors.map((e) => e.code)).toEqual(['NOT_REFUNDABLE']);

  // The posting day comes and every job runs.
  clock.set(new Date('2026-11-24T16:00:00Z'));
  await platform.runJob('payments.reconcile');
  await platform.runJob('payments.post');

  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const { payment: after } = await staff.data<{ payment: PaymentShape }>(STAFF_PAYMENT, { id: payment.id });
  const balance = (await accountById(staff, accountId)).balance;
  // The $50.00 never arrived: the account must owe what it owed before, and the payment must not read as posted.
  expect({ status: after.status, posted: balance.posted.amount, pending: balance.pendingPayments.amount }).toEqual({
    status: 'VOIDED',
    posted: before.posted.amount,
    pending: '0.00',
  });
});
