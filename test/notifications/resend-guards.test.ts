import { FixedClock } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows, type UserErrorShape } from '../customers/customer-api';
import { RESEND, platformWithMailCatcher, queueMessage } from './notification-api';
import { VOID, cardToken, newKey, pay } from '../payments/payments-api';

/*
 * resendNotification refuses a receipt withdrawn before it went out because
 * its payment was voided ("its news no longer holds"). A receipt that went
 * out before the void is resent all the same: the resident, who was told the
 * payment was cancelled, is told again "we received your payment".
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithMailCatcher({ clock });

it('refuses to resend the receipt of a payment voided since the receipt went out', async () => {
  const paid = await pay(env.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '4.00' }],
    token: await cardToken(env.platform),
    payerEmail: 'receipt-then-void@example.com',
  });
  expect(paid.payment?.status).toBe('CAPTURED');
  const first = await env.deliveredTo('receipt-then-void@example.com');
  expect(first.map((m) => m.subject)).toEqual([expect.stringContaining('Payment receipt')]);

  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  expect((await admin.data<{ voidPayment: { userErrors: unknown[] } }>(VOID, { input: { paymentId: paid.payment!.id, reason: 'Rung up in error' } })).voidPayment.userErrors).toEqual([]);
  const voidNotice = await env.deliveredTo('receipt-then-void@example.com');
  expect(voidNotice.map((m) => m.text).join('\n')).toMatch(/cancel/i);

  const [receipt] = await tenantRows<{ id: string; status: string }>(
    env.platform,
    'norwalk',
    "SELECT id, status FROM notification_outbox WHERE recipient = 'receipt-then-void@example.com' AND template = 'PAYMENT_RECEIPT'",
  );
  expect(receipt!.status).toBe('SENT');

  const { resendNotification } = await admin.data<{ resendNotification: { notification: unknown; userErrors: UserErrorShape[] } }>(RESEND, { id: receipt!.id });
  const resent = await env.deliveredTo('receipt-then-void@example.com');
  // What the resident gets after being told the payment was cancelled.
  expect(resent.map((m) => m.text.split('\n').find((line) => line.includes('$4.00')))).toEqual([]);
  expect(resendNotification).toEqual({ notification: null, userErrors: [expect.objectContaining({ field: ['id'], code: 'NOTIFICATION_NOT_RESENDABLE' })] });
});

it('a second resend while the first copy is still on its way is refused, so a double click does not send the message twice', async () => {
  const id = await queueMessage(env.platform, 'norwalk', { to: 'asked-twice@example.com', template: 'AUTOPAY_FAILED', data: { accountNumber: '10-1003-00', message: 'It did not go through.' } });
  expect(await env.deliveredTo('asked-twice@example.com')).toHaveLength(1);
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const resend = () => admin.data<{ resendNotification: { notification: { id: string } | null; userErrors: UserErrorShape[] } }>(RESEND, { id });
  const first = await resend();
  expect(first.resendNotification.userErrors).toEqual([]);
  // The console still shows the first message as SENT; the clerk clicks Resend again before any delivery pass.
  const second = await resend();
  const arrived = await env.deliveredTo('asked-twice@example.com');
  expect({ copiesDelivered: arrived.length, secondResend: second.resendNotification.userErrors.map((e) => e.code) }).toEqual({ copiesDelivered: 1, secondResend: ['NOTIFICATION_NOT_RESENDABLE'] });
});

it('two resends at once (two clerks, or a double click) make one copy: the original is locked while the first is made', async () => {
  const id = await queueMessage(env.platform, 'norwalk', { to: 'asked-at-once@example.com', template: 'AUTOPAY_FAILED', data: { accountNumber: '10-1003-00', message: 'It did not go through.' } });
  expect(await env.deliveredTo('asked-at-once@example.com')).toHaveLength(1);
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const resend = () => admin.data<{ resendNotification: { notification: { id: string } | null; userErrors: UserErrorShape[] } }>(RESEND, { id });
  const answers = await Promise.all([resend(), resend()]);
  expect(answers.map((a) => a.resendNotification.userErrors.map((e) => e.code)).sort()).toEqual([[], ['NOTIFICATION_NOT_RESENDABLE']]);
  const copies = await tenantRows<{ n: string }>(env.platform, 'norwalk', 'SELECT count(*)::text AS n FROM notification_outbox WHERE resent_from = $1', [id]);
  expect(copies[0]!.n).toBe('1');
});
