import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { REFUND, VOID, bankToken, newKey, pay, type PaymentShape } from './payments-api';

/*
 * An e-check its bank has settled before the city's posting day, in the hour
 * before the settlement job has seen it, is still AUTHORIZED with no
 * settlement recorded. A refund used to be refused from that record ("void
 * it instead") while the processor refused the void as settled ("refund it
 * instead"): staff could give the money back neither way. The refund now asks
 * the processor; an e-check its bank has not settled is still refused, with
 * nothing changed.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
  // A city that posts three days after payment (its rule; 0-10 days allowed): the sandbox's bank settles e-checks in two.
  await changeCitySettings(platform, 'norwalk', { paymentRules: { postingLagDays: 3 } });
});
afterAll(() => platform.close());

type Payload = { payment: PaymentShape | null; userErrors: { field: string[]; code: string; message: string }[] };

async function payByEcheck(): Promise<PaymentShape> {
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1002-00', amount: '15.00' }],
    token: await bankToken(platform),
    payerEmail: 'echeck@example.com',
  });
  expect(paid.payment?.status).toBe('AUTHORIZED');
  return paid.payment!;
}

const refund = async (paymentId: string) =>
  (await staff.data<{ refundPayment: Payload }>(REFUND, { input: { paymentId, amount: '15.00', reason: 'Paid twice', idempotencyKey: newKey('refund') } })).refundPayment;

const operationsOf = (paymentId: string) =>
  tenantRows<{ kind: string; status: string }>(platform, 'norwalk', 'SELECT kind, status FROM payment_operations WHERE payment_id = $1 ORDER BY seq', [paymentId]);

it('refunds an e-check the bank settled before its posting day, before the settlement job has looked', async () => {
  const payment = await payByEcheck();
  expect(payment.expectedPostingDate).toBe('2026-11-26');
  // Two days and an hour on: the bank has settled it; the hourly settlement job has not run.
  clock.set(new Date('2026-11-25T19:00:00Z'));
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');

  const refunded = await refund(payment.id);
  expect(refunded.userErrors).toEqual([]);
  expect(refunded.payment?.status).toBe('REFUNDED');
  expect(await operationsOf(payment.id)).toEqual([{ kind: 'REFUND', status: 'SUCCEEDED' }]);
  // Refused as a void now, as the processor would: the money has moved.
  const voided = (await staff.data<{ voidPayment: Payload }>(VOID, { input: { paymentId: payment.id, reason: 'Paid twice' } })).voidPayment;
  expect(voided.userErrors.map((e) => e.code)).toEqual(['NOT_VOIDABLE']);
});

it('still refuses to refund an e-check its bank has not settled, says to void it, and changes nothing', async () => {
  clock.set(new Date('2026-11-27T18:00:00Z'));
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const payment = await payByEcheck();
  const refused = await refund(payment.id);
  expect(refused.payment).toBeNull();
  expect(refused.userErrors).toEqual([expect.objectContaining({ field: ['input', 'paymentId'], code: 'NOT_REFUNDABLE', message: expect.stringMatching(/void/i) })]);
  expect(await operationsOf(payment.id)).toEqual([]);
  const [row] = await tenantRows<{ status: string }>(platform, 'norwalk', 'SELECT status FROM payments WHERE id = $1', [payment.id]);
  expect(row?.status).toBe('AUTHORIZED');
});
