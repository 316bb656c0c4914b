import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { STAFF_PAYMENT, cardToken, newKey, pay, voidAtProcessor, type PaymentShape } from './payments-api';

/*
 * Norwalk. A card payment is taken Monday morning and voided that afternoon in the processor's own dashboard: the card
 * was never charged, and Monday's deposit has nothing of it. The platform learns of the void on the posting day, or on a
 * later run: Daily totals counted it received Monday and voided the day it was found, so Monday was 40.00 over the bank
 * and Wednesday 40.00 under. The void is the processor's, on the day the processor made it.
 */
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
}, 120_000);
afterAll(() => platform.close());

const TOTALS = `query Totals($from: LocalDate!, $to: LocalDate!) {
  paymentTotals(from: $from, to: $to) { days { date methods { methodKind received { count amount { amount } } voided { count amount { amount } } net { amount } } net { amount } } }
}`;

it("counts a void made in the processor's dashboard on the day the processor made it, not the day the platform found it", async () => {
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('dashboard-void'),
    allocations: [{ accountNumber: '10-1002-00', amount: '40.00' }],
    token: await cardToken(platform),
    payerEmail: 'dashboard-void@example.com',
  });
  expect(paid.payment?.status).toBe('CAPTURED');
  // Monday 15:00 in Norwalk: voided in the dashboard.
  clock.set(new Date('2026-11-23T23:00:00Z'));
  await voidAtProcessor(platform, paid.payment!.id);
  // Wednesday: the posting job finds it voided.
  clock.set(new Date('2026-11-25T18:00:00Z'));
  await platform.runJob('payments.post');

  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const payment = (await staff.data<{ payment: PaymentShape & { history: { toStatus: string; actor: string }[] } }>(STAFF_PAYMENT, { id: paid.payment!.id })).payment;
  expect(payment.history.map((h) => [h.toStatus, h.actor])).toEqual([
    ['PENDING', 'guest'],
    ['CAPTURED', 'guest'],
    ['VOIDED', 'processor'],
  ]);
  const { paymentTotals } = await staff.data<{ paymentTotals: { days: unknown[] } }>(TOTALS, { from: '2026-11-23', to: '2026-11-25' });
  expect(paymentTotals.days).toEqual([
    {
      date: '2026-11-23',
      methods: [{ methodKind: 'CARD', received: { count: 1, amount: { amount: '40.00' } }, voided: { count: 1, amount: { amount: '40.00' } }, net: { amount: '0.00' } }],
      net: { amount: '0.00' },
    },
  ]);
});
