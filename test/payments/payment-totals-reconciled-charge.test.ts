import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { STAFF_PAYMENT, cardToken, newKey, pay, processorCharges, type PaymentShape } from './payments-api';

/*
 * Norwalk, Monday 23:59:50 (America/Los_Angeles). A resident's card payment times out at the gateway: the processor
 * charged the card that minute, but the platform records UNKNOWN. Reconciliation finds the charge a minute later, after
 * the city's midnight. The processor's batch, and so the bank's deposit, has the money on Monday; Daily totals counted
 * it on Tuesday, the day reconciliation happened to run, so neither day matched the deposit.
 */
const MONDAY_LATE = new Date('2026-11-24T07:59:50Z');
const clock = new FixedClock(MONDAY_LATE);
const HANG_MS = 600;
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 300, sandboxHangMs: HANG_MS });
}, 120_000);
afterAll(() => platform.close());

const TOTALS = `query Totals($from: LocalDate!, $to: LocalDate!) {
  paymentTotals(from: $from, to: $to) { days { date methods { methodKind received { count amount { amount } } net { amount } } } }
}`;

it('counts a charge whose answer was lost on the day the processor made it, not the day reconciliation found it', async () => {
  // 13.13: the sandbox charges the card but holds its answer past the gateway's timeout.
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('late-answer'),
    allocations: [{ accountNumber: '10-1002-00', amount: '13.13' }],
    token: await cardToken(platform),
    payerEmail: 'late-answer@example.com',
  });
  expect(paid.payment?.status).toBe('UNKNOWN');
  await new Promise((resolve) => setTimeout(resolve, HANG_MS + 100));
  const [charge] = (await processorCharges(platform)).filter((c) => c.idempotencyKey === `payment-${paid.payment!.id}`);
  expect(charge?.createdAt).toBe(MONDAY_LATE.toISOString());

  // Tuesday 00:00:51: reconciliation records the charge.
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');
  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const payment = (await staff.data<{ payment: PaymentShape & { history: { toStatus: string; actor: string }[] } }>(STAFF_PAYMENT, { id: paid.payment!.id })).payment;
  expect(payment.history.map((h) => [h.toStatus, h.actor])).toEqual([
    ['PENDING', 'guest'],
    ['UNKNOWN', 'guest'],
    ['CAPTURED', 'reconciliation'],
  ]);

  const { paymentTotals } = await staff.data<{ paymentTotals: { days: unknown[] } }>(TOTALS, { from: '2026-11-23', to: '2026-11-24' });
  expect(paymentTotals.days).toEqual([{ date: '2026-11-23', methods: [{ methodKind: 'CARD', received: { count: 1, amount: { amount: '13.13' } }, net: { amount: '13.13' } }] }]);
});
