import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { REFUND, newKey } from '../payments/payments-api';
import { callNorwalkToConfirm, callPayments } from '../phone/phone-call';
import { RESEND, deliverUntil, platformWithMailCatcher } from './notification-api';

/*
 * A caller of the phone line gives no email: the receipt is texted to the
 * number they paid from. Refunded, they were told nothing (refunds were
 * emailed only), and so staff could resend the texted receipt of a payment
 * refunded in full: the refund notice that says so is how a resend knows
 * (found by review). The refund is texted as the receipt was, and the
 * receipt is then not resendable.
 */

const env = platformWithMailCatcher((smtp) => ({ notifications: { smtpUrl: smtp.url } }));

it('texts a phone payer their refund, and does not resend the texted receipt of a payment refunded in full', async () => {
  const call = await callNorwalkToConfirm(env.platform, '2500');
  await call.press('1');
  expect((await call.press('2')).text).toContain('We are sending your confirmation number by text message');
  await call.press('3');
  await call.hangUp();
  const texts = () =>
    tenantRows<{ id: string; template: string; status: string }>(
      env.platform,
      'norwalk',
      `SELECT id, template, status FROM notification_outbox WHERE channel = 'SMS' AND recipient = $1 AND template IN ('PAYMENT_RECEIPT', 'PAYMENT_REFUNDED') ORDER BY created_at`,
      [call.from],
    );
  await deliverUntil(env.platform, async () => (await texts()).every((text) => text.status !== 'PENDING'));
  const [payment] = await callPayments(env.platform, call);
  const [row] = await tenantRows<{ total: string }>(env.platform, 'norwalk', 'SELECT total_cents::text AS total FROM payments WHERE id = $1', [payment!.id]);
  const total = BigInt(row!.total);

  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const refunded = await admin.data<{ refundPayment: { payment: { status: string } | null } }>(REFUND, {
    input: { paymentId: payment!.id, amount: `${total / 100n}.${String(total % 100n).padStart(2, '0')}`, reason: 'Charged twice', idempotencyKey: newKey('refund') },
  });
  expect(refunded.refundPayment.payment?.status).toBe('REFUNDED');
  await deliverUntil(env.platform, async () => (await texts()).every((text) => text.status !== 'PENDING'));
  expect((await texts()).map(({ template, status }) => [template, status])).toEqual([
    ['PAYMENT_RECEIPT', 'SENT'],
    ['PAYMENT_REFUNDED', 'SENT'],
  ]);

  const resent = await admin.data<{ resendNotification: { notification: unknown; userErrors: { code: string; message: string }[] } }>(RESEND, { id: (await texts())[0]!.id });
  expect(resent.resendNotification).toMatchObject({ notification: null, userErrors: [{ code: 'NOTIFICATION_NOT_RESENDABLE', message: expect.stringContaining('refunded in full') }] });
});
