import type { GraphQLTestClient } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { RESEND, platformWithMailCatcher } from './notification-api';
import { REFUND, cardToken, newKey, pay } from '../payments/payments-api';

/*
 * A receipt says the city has the payer's money. Once the payment is
 * refunded in full, as once it is voided or returned, that no longer holds
 * and the payer was told so: staff may not send the receipt again
 * (NOTIFICATION_NOT_RESENDABLE), however many refunds it took. While part of
 * the money stays with the city, the receipt may still be resent.
 */

const mail = platformWithMailCatcher({});
let admin: GraphQLTestClient;
beforeAll(async () => {
  admin = await signInStaff(mail.platform, 'norwalk', 'ADMIN');
});

type Resend = { resendNotification: { notification: { id: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };
const REFUSED = { notification: null, userErrors: [{ field: ['id'], code: 'NOTIFICATION_NOT_RESENDABLE', message: expect.stringContaining('refunded in full') }] };

async function paidWithReceipt(payer: string, amount: string, language: 'en' | 'es' = 'en'): Promise<{ paymentId: string; receiptId: string }> {
  const { platform } = mail;
  const { payment } = await pay(platform.client.asTenant('norwalk').withHeaders({ 'accept-language': language }), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount }],
    token: await cardToken(platform),
    payerEmail: payer,
  });
  expect(await mail.deliveredTo(payer)).toHaveLength(1);
  const [receipt] = await tenantRows<{ id: string }>(platform, 'norwalk', `SELECT id FROM notification_outbox WHERE recipient = $1 AND template = 'PAYMENT_RECEIPT'`, [payer]);
  return { paymentId: payment!.id, receiptId: receipt!.id };
}

async function refund(paymentId: string, amount: string): Promise<string | undefined> {
  const refunded = await admin.data<{ refundPayment: { payment: { status: string } | null } }>(REFUND, {
    input: { paymentId, amount, reason: 'Paid the wrong account', idempotencyKey: newKey('refund') },
  });
  return refunded.refundPayment.payment?.status;
}

const resend = async (id: string) => (await admin.data<Resend>(RESEND, { id })).resendNotification;

it('does not resend the receipt of a payment refunded in full since', async () => {
  const payer = 'refunded-receipt@example.com';
  const { paymentId, receiptId } = await paidWithReceipt(payer, '20.00');
  expect(await refund(paymentId, '20.00')).toBe('REFUNDED');
  expect((await mail.deliveredTo(payer)).map((m) => m.subject)).toEqual([expect.stringContaining('Refund of your payment')]);

  expect(await resend(receiptId)).toEqual(REFUSED);
  // Nothing goes out: the resident is not told again that the city has the $20.00 it gave back.
  expect(await mail.deliveredTo(payer)).toEqual([]);
});

it('resends it after a partial refund, and not once the refunds reach the whole payment (a Spanish-speaking payer’s)', async () => {
  const payer = 'refunded-in-parts@example.com';
  const { paymentId, receiptId } = await paidWithReceipt(payer, '1234.50', 'es');
  expect(await refund(paymentId, '234.50')).toBe('PARTIALLY_REFUNDED');
  await mail.deliveredTo(payer);
  expect((await resend(receiptId)).userErrors).toEqual([]);
  expect(await mail.deliveredTo(payer)).toHaveLength(1);

  // A copy of a refund notice is not another refund.
  const [refundNotice] = await tenantRows<{ id: string }>(mail.platform, 'norwalk', `SELECT id FROM notification_outbox WHERE recipient = $1 AND template = 'PAYMENT_REFUNDED'`, [payer]);
  expect((await resend(refundNotice!.id)).userErrors).toEqual([]);
  await mail.deliveredTo(payer);
  expect((await resend(receiptId)).userErrors).toEqual([]);
  await mail.deliveredTo(payer);

  expect(await refund(paymentId, '1000.00')).toBe('REFUNDED');
  await mail.deliveredTo(payer);
  expect(await resend(receiptId)).toEqual(REFUSED);
  expect(await mail.deliveredTo(payer)).toEqual([]);
});
