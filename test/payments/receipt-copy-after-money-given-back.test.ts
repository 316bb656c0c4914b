import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { untilWaitingOnLocks } from '../db/lock-waits';
import { RESEND, platformWithMailCatcher } from '../notifications/notification-api';
import { changeCitySettings } from '../tenants/city-settings';
import { BANK, REFUND, bankToken, cardToken, newKey, pay } from './payments-api';

/*
 * "I never got my receipt": support resends it, and the copy waits in the
 * outbox for the next delivery pass. If the payment is refunded in full, or
 * its e-check comes back from the bank, before then, the copy would go out
 * after the notice of it and tell the resident the city has the money it
 * gave back (or never got). It is withdrawn, as a void withdraws a receipt
 * still waiting to go out; and a copy being made as the payment is taken
 * back is either withdrawn with the rest or refused, never sent.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const mail = platformWithMailCatcher({ clock, jobs: true });
let admin: GraphQLTestClient;
beforeAll(async () => {
  await changeCitySettings(mail.platform, 'norwalk', { paymentRules: { returnedPaymentFee: '25.00' } });
  admin = await signInStaff(mail.platform, 'norwalk', 'ADMIN');
});

/** A payment whose receipt went out, and a copy of it support resent, still waiting to go. */
async function paidWithReceiptCopyWaiting(payer: string, token: string): Promise<{ id: string; confirmationNumber: string }> {
  const { platform } = mail;
  const { payment } = await pay(platform.client.asTenant('norwalk'), { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount: '20.00' }], token, payerEmail: payer });
  expect(await mail.deliveredTo(payer)).toHaveLength(1);
  const [receipt] = await tenantRows<{ id: string }>(platform, 'norwalk', `SELECT id FROM notification_outbox WHERE recipient = $1 AND template = 'PAYMENT_RECEIPT'`, [payer]);
  const resent = await admin.data<{ resendNotification: { userErrors: unknown[] } }>(RESEND, { id: receipt!.id });
  expect(resent.resendNotification.userErrors).toEqual([]);
  return payment!;
}

it('withdraws a resent receipt still waiting when the payment is refunded in full: only the refund notice goes out', async () => {
  const payer = 'copy-then-refund@example.com';
  const payment = await paidWithReceiptCopyWaiting(payer, await cardToken(mail.platform));

  const refunded = await admin.data<{ refundPayment: { payment: { status: string } | null } }>(REFUND, {
    input: { paymentId: payment.id, amount: '20.00', reason: 'Paid the wrong account', idempotencyKey: newKey('refund') },
  });
  expect(refunded.refundPayment.payment?.status).toBe('REFUNDED');

  // Told once that the $20.00 was refunded, and not afterwards that the city received it and will apply it.
  expect((await mail.deliveredTo(payer)).map((m) => m.subject)).toEqual([`Refund of your payment ${payment.confirmationNumber} - City of Norwalk`]);
});

it('withdraws a resent receipt still waiting when the e-check comes back from the bank: only the return notice (and the block it brings) goes out', async () => {
  const payer = 'copy-then-return@example.com';
  const payment = await paidWithReceiptCopyWaiting(payer, await bankToken(mail.platform, BANK.accounts.returnsAccountClosed));

  // Two days on, the bank returns it R02 (account closed).
  clock.set(new Date('2026-11-25T18:30:00Z'));
  await mail.platform.runJob('payments.settle-echecks');

  // No copy of the receipt: the return, and (R02 blocks the bank account) that the bank account can no longer be used,
  // said in one email, not two in a row.
  const received = await mail.deliveredTo(payer);
  expect(received.map((m) => m.subject)).toEqual([`Your payment ${payment.confirmationNumber} was returned, and your bank account can no longer be used - City of Norwalk`]);
  expect(received[0]!.text).toMatch(/So City of Norwalk takes no more electronic checks from your bank account ending in 0 0 0 2: payments and Auto Pay from it will be refused\./);
});

it('sends no copy of a receipt resent at the moment the payment is refunded in full (found by review: each missed the other)', async () => {
  const { platform } = mail;
  const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  const payer = 'resend-during-refund@example.com';
  const { payment } = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '20.00' }],
    token: await cardToken(platform),
    payerEmail: payer,
  });
  expect(await mail.deliveredTo(payer)).toHaveLength(1);
  const [receipt] = await tenantRows<{ id: string }>(platform, 'norwalk', `SELECT id FROM notification_outbox WHERE recipient = $1 AND template = 'PAYMENT_RECEIPT'`, [payer]);
  // The resend is held after its checks (at lifting the address's suppressions) while the refund is recorded.
  const holder = platform.db.createQueryRunner();
  await holder.connect();
  await holder.startTransaction();
  await holder.query('LOCK TABLE notification_suppressions IN EXCLUSIVE MODE');
  const resend = admin.data<{ resendNotification: { userErrors: { code: string }[] } }>(RESEND, { id: receipt!.id });
  await untilWaitingOnLocks(platform.db, '%notification_suppressions%');
  const refunding = admin.data<{ refundPayment: { payment: { status: string } | null } }>(REFUND, {
    input: { paymentId: payment!.id, amount: '20.00', reason: 'Paid the wrong account', idempotencyKey: newKey('refund') },
  });
  let refundDone = false;
  void refunding.finally(() => (refundDone = true));
  // Before: the refund committed meanwhile, found no copy to withdraw, and the copy went out after it.
  await untilWaitingOnLocks(platform.db, '%pg_advisory_xact_lock%', { finished: () => refundDone });
  await holder.commitTransaction();
  await holder.release();
  expect((await resend).resendNotification.userErrors).toEqual([]);
  expect((await refunding).refundPayment.payment?.status).toBe('REFUNDED');

  expect((await mail.deliveredTo(payer)).map((m) => m.subject)).toEqual([`Refund of your payment ${payment!.confirmationNumber} - City of Norwalk`]);
});
