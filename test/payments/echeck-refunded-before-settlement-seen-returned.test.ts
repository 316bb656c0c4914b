import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { REFUND, STAFF_PAYMENT, bankToken, newKey, pay, processorCharges, type PaymentShape } from './payments-api';

/*
 * Norwalk. An e-check posts on its posting day; the next day its bank settles
 * it, and within the hour (before the settlement job has looked) staff refund
 * part of it: the processor, which says it settled, carries the refund out, and
 * the payment is PARTIALLY_REFUNDED with no settlement recorded. The bank then
 * returns the debit as unauthorized (R10) before the settlement job next
 * looks. The job used to follow such a payment for its settlement only, and
 * its late-return look reads only e-checks with a settlement recorded, so the
 * return was never recorded: the account kept the credit of money the bank
 * took back, with no fee, no notice, the bank account not blocked, and the
 * charge was asked about every hour for ever. Now its return is recorded as
 * any late return of a refunded e-check is.
 */
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, trustProxy: true });
  await changeCitySettings(platform, 'norwalk', { paymentRules: { returnedPaymentFee: '25.00' } });
}, 120_000);
afterAll(() => platform.close());

const DAY_MS = 24 * 60 * 60 * 1000;
const BANK_ACCOUNT = '000777770010';
const chargeOf = async (paymentId: string) => (await processorCharges(platform)).find((c) => c.idempotencyKey === `payment-${paymentId}`);
const guest = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '198.51.100.77' });

it('records a late return of an e-check refunded in part before the settlement job saw it settle', async () => {
  const paid = await pay(guest(), {
    idempotencyKey: newKey('refund-gap'),
    allocations: [{ accountNumber: '10-1001-00', amount: '20.00' }],
    // The sandbox bank's accounts ending 0010 settle after two days, then come back R10 twenty days later.
    token: await bankToken(platform, BANK_ACCOUNT),
    payerEmail: 'payer@example.com',
  });
  expect(paid.payment?.status).toBe('AUTHORIZED');
  const id = paid.payment!.id;

  // Its posting day: posted, its bank not yet heard from.
  clock.set(new Date('2026-11-24T18:00:00Z'));
  await platform.runJob('payments.post');

  // Two days and a few minutes on, the bank has settled it; staff refund $5.00 before the hourly job has looked.
  clock.set(new Date('2026-11-25T18:10:00Z'));
  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const refunded = await staff.data<{ refundPayment: { payment: PaymentShape | null; userErrors: unknown[] } }>(REFUND, {
    input: { paymentId: id, amount: '5.00', reason: 'Paid twice', idempotencyKey: newKey('refund') },
  });
  expect([refunded.refundPayment.payment?.status, refunded.refundPayment.userErrors]).toEqual(['PARTIALLY_REFUNDED', []]);

  // The bank returns it (R10) before the settlement job's next look; the job then runs, as every hour.
  clock.set(new Date(clock.now().getTime() + 21 * DAY_MS));
  expect((await chargeOf(id))?.status).toBe('RETURNED');
  await platform.runJob('payments.settle-echecks');
  const lookupsOnceRecorded = (await chargeOf(id))?.lookups;
  clock.set(new Date(clock.now().getTime() + DAY_MS + 60_000));
  await platform.runJob('payments.settle-echecks');

  const after = (await (await signInStaff(platform, 'norwalk', 'SUPPORT')).data<{ payment: PaymentShape }>(STAFF_PAYMENT, { id })).payment;
  const reversed = await tenantRows<{ kind: string; amount: string }>(
    platform,
    'norwalk',
    `SELECT kind, amount_cents::text AS amount FROM ledger_entries WHERE payment_id = $1 AND kind IN ('PAYMENT_REVERSED', 'FEE') ORDER BY kind`,
    [id],
  );
  // As late-echeck-returns.test.ts records a return of a payment refunded in part: RETURNED, the $15 the refund left
  // owed again, with the fee.
  expect({ status: after.status, returnCode: after.returnCode, reversed }).toEqual({
    status: 'RETURNED',
    returnCode: 'R10',
    reversed: [
      { kind: 'FEE', amount: '2500' },
      { kind: 'PAYMENT_REVERSED', amount: '1500' },
    ],
  });
  // The payer is told, the bank account is blocked, and the charge is not asked about again.
  const notices = await tenantRows<{ data: Record<string, string> }>(
    platform,
    'norwalk',
    `SELECT data FROM notification_outbox WHERE template = 'PAYMENT_RETURNED' AND data->>'confirmationNumber' = $1`,
    [after.confirmationNumber],
  );
  expect(notices).toEqual([{ data: expect.objectContaining({ returnCode: 'R10', owedAgain: '$15.00', returnedPaymentFee: '$25.00' }) }]);
  const again = await pay(guest(), {
    idempotencyKey: newKey('after-return'),
    allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }],
    token: await bankToken(platform, BANK_ACCOUNT),
    payerEmail: 'payer@example.com',
  });
  expect(again.userErrors.map((e) => e.code)).toEqual(['BANK_ACCOUNT_BLOCKED']);
  expect((await chargeOf(id))?.lookups).toBe(lookupsOnceRecorded);
}, 120_000);
