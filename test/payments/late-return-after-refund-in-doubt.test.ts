import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { REFUND, amountDue, bankToken, newKey, pay, type PaymentShape } from './payments-api';

/*
 * A refund whose answer was lost, then the e-check's late return (R10): the
 * return reverses what the payment still paid (all of it, the refund not yet
 * recorded), and when reconciliation learns the refund went through after
 * all, it is recorded as done (its audit entry, its restoration hold
 * released) but no longer taken off the reversed payment: the money went
 * back twice, for staff to settle. Before, applying it threw ("refund exceeds
 * what payment posted") on every reconciliation run, the refund stayed
 * UNKNOWN for ever and its hold kept the account from being restored.
 */

const HANG_MS = 1500;
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 500, sandboxHangMs: HANG_MS });
  await changeCitySettings(platform, 'norwalk', { paymentRules: { returnedPaymentFee: '25.00' } });
});
afterAll(() => platform.close());

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);
const guest = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '198.51.100.77' });
const cents = (amount: string) => BigInt(amount.replace('.', ''));

it('records a refund whose answer was lost before a late return, once reconciliation learns it went through, and releases its restoration hold', async () => {
  const madeAt = clock.now();
  const before = await amountDue(guest(), { accountNumber: '10-1002-00' });
  const paid = await pay(guest(), {
    idempotencyKey: newKey('late'),
    allocations: [{ accountNumber: '10-1002-00', amount: '40.00' }],
    token: await bankToken(platform, '000777770010'),
    payerEmail: 'payer@example.com',
  });
  expect(paid.userErrors).toEqual([]);
  const payment: PaymentShape = paid.payment!;
  const settledAt = later(madeAt, 2 * DAY_MS + HOUR_MS);
  clock.set(settledAt);
  await platform.runJob('payments.post');
  await platform.runJob('payments.settle-echecks');

  // A week on, staff refund $13.13: the processor makes it, its answer is held back past the gateway's wait.
  clock.set(later(settledAt, 7 * DAY_MS));
  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const refund = await staff.data<{ refundPayment: { userErrors: { code: string }[] } }>(REFUND, {
    input: { paymentId: payment.id, amount: '13.13', reason: 'Overpaid', idempotencyKey: newKey('refund') },
  });
  expect(refund.refundPayment.userErrors.map((e) => e.code)).toEqual(['PROCESSOR_UNAVAILABLE']);
  await new Promise((resolve) => setTimeout(resolve, HANG_MS + 200));

  // Three weeks after settling the bank's R10 comes in, and the next day's look records it.
  clock.set(later(settledAt, 21 * DAY_MS));
  await platform.runJob('payments.settle-echecks');
  const [row] = await tenantRows<{ status: string }>(platform, 'norwalk', 'SELECT status FROM payments WHERE id = $1', [payment.id]);
  expect(row!.status).toBe('RETURNED');

  // Reconciliation asks the processor again about the refund: it went through.
  clock.set(later(settledAt, 21 * DAY_MS + HOUR_MS));
  await platform.runJob('payments.reconcile');
  await platform.runJob('payments.reconcile');

  const operations = await tenantRows<{ status: string }>(platform, 'norwalk', `SELECT status FROM payment_operations WHERE payment_id = $1 AND kind = 'REFUND'`, [payment.id]);
  expect(operations.map((o) => o.status)).toEqual(['SUCCEEDED']);
  const audited = await tenantRows(platform, 'norwalk', `SELECT 1 FROM security_events WHERE kind = 'PAYMENT_REFUNDED' AND detail->>'paymentId' = $1`, [payment.id]);
  expect(audited).toHaveLength(1);
  // The hold the refund took on the account's restoration is released.
  const holds = await tenantRows<{ give_backs_open: number }>(platform, 'norwalk', 'SELECT give_backs_open FROM payment_allocations WHERE payment_id = $1', [payment.id]);
  expect(holds.map((h) => h.give_backs_open)).toEqual([0]);
  // And the account owes what it owed before, plus the fee: refund-then-return and return-then-refund end the same.
  const after = await amountDue(guest(), { accountNumber: '10-1002-00' });
  expect(cents(after.due)).toBe(cents(before.due) + 2500n);
});
