import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { REFUND, newKey } from '../payments/payments-api';
import { callNorwalkToConfirm, callPayments } from './phone-call';

/*
 * What the phone line took, as staff reconcile it: a payment refunded in full
 * leaves the calls' total (it counts in paymentsNotKept), so one refunded in
 * part leaves what the refund gave back, not nothing.
 */

const clock = new FixedClock(new Date('2026-03-16T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
});
afterAll(() => platform.close());

const SUMMARY = '{ phoneCallSummary { paid amountPaid { amount } paymentsNotKept } }';

it('leaves out of amountPaid what refunds gave back of a phone payment, in part as in full (found by review: a partial refund counted nothing)', async () => {
  const staff = await signInStaff(platform, 'norwalk', 'ADMIN');
  const call = await callNorwalkToConfirm(platform, '2500');
  expect((await call.press('1')).text).toContain('was accepted');
  const [payment] = await callPayments(platform, call);
  // The summary covers calls started before now.
  clock.set(new Date('2026-03-16T18:05:00Z'));
  expect(await staff.data(SUMMARY)).toEqual({ phoneCallSummary: { paid: 1, amountPaid: { amount: '25.00' }, paymentsNotKept: 0 } });

  const refund = async (amount: string) =>
    (
      await staff.data<{ refundPayment: { userErrors: unknown[] } }>(REFUND, {
        input: { paymentId: payment!.id, amount, reason: 'Overpaid', idempotencyKey: newKey('refund') },
      })
    ).refundPayment.userErrors;
  expect(await refund('20.00')).toEqual([]);
  // The city keeps $5.00 of it.
  expect(await staff.data(SUMMARY)).toEqual({ phoneCallSummary: { paid: 1, amountPaid: { amount: '5.00' }, paymentsNotKept: 0 } });
  expect(await refund('5.00')).toEqual([]);
  expect(await staff.data(SUMMARY)).toEqual({ phoneCallSummary: { paid: 0, amountPaid: { amount: '0.00' }, paymentsNotKept: 1 } });
});
