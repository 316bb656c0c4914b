import { FixedClock } from '@platform/testkit';
import { newCustomer, openAccountWithBill, type Customer } from '../autopay/autopay-api';
import { signInStaff } from '../billing/billing-api';
import { changeEmail, tenantRows } from '../customers/customer-api';
import { VOID, newKey, pay } from '../payments/payments-api';
import { platformWithMailCatcher } from './notification-api';

/*
 * A payment's later notices (void, refund, e-check return) go where its receipt went, read again as each is queued:
 * a receipt sent to the payer's account email means her account's email as it is then. Found by review: Ana paid
 * signed in, moved her account to a new address (the old one was her former employer's), and the void of that
 * payment, with its confirmation number, amount, card's last four and masked account, went to the address she gave
 * up. A receipt address the payer typed is theirs to keep.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: true });

async function moveEmail(customer: Customer, email: string): Promise<void> {
  await changeEmail(env.platform, await customer.client(), email);
}

async function voidAndReadRecipients(paymentId: string, confirmationNumber: string): Promise<string[]> {
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const voided = await admin.data<{ voidPayment: { userErrors: unknown[] } }>(VOID, { input: { paymentId, reason: 'Rung up in error' } });
  expect(voided.voidPayment.userErrors).toEqual([]);
  const rows = await tenantRows<{ recipient: string }>(
    env.platform,
    'norwalk',
    "SELECT recipient FROM notification_outbox WHERE template = 'PAYMENT_VOIDED' AND channel = 'EMAIL' AND data->>'confirmationNumber' = $1",
    [confirmationNumber],
  );
  return rows.map((r) => r.recipient);
}

it('sends the void of a payment whose receipt went to the account email to the email the account has now', async () => {
  const ACCOUNT = '10-2911-00';
  await openAccountWithBill(env.platform, ACCOUNT, '42.00');
  const ana = await newCustomer(env.platform, { email: 'ana.work@example.com', accounts: [ACCOUNT] });
  const paid = await pay(await ana.client(), { idempotencyKey: newKey(), allocations: [{ serviceAccountId: ana.accounts[ACCOUNT], amount: '42.00' }], savedMethodId: ana.cardId });
  expect(paid.userErrors).toEqual([]);
  expect((await env.deliveredTo('ana.work@example.com')).map((m) => m.subject)).toEqual([expect.stringContaining('Payment receipt')]);

  await moveEmail(ana, 'ana.home@example.com');

  expect(await voidAndReadRecipients(paid.payment!.id, paid.payment!.confirmationNumber)).toEqual(['ana.home@example.com']);
});

it('sends the void of a payment whose receipt went to an address the payer typed to that address still', async () => {
  const ACCOUNT = '10-2913-00';
  await openAccountWithBill(env.platform, ACCOUNT, '18.00');
  const lee = await newCustomer(env.platform, { email: 'lee.old@example.com', accounts: [ACCOUNT] });
  const paid = await pay(await lee.client(), {
    idempotencyKey: newKey(),
    allocations: [{ serviceAccountId: lee.accounts[ACCOUNT], amount: '18.00' }],
    savedMethodId: lee.cardId,
    payerEmail: 'bookkeeper@example.com',
  });
  expect(paid.userErrors).toEqual([]);

  await moveEmail(lee, 'lee.new@example.com');

  expect(await voidAndReadRecipients(paid.payment!.id, paid.payment!.confirmationNumber)).toEqual(['bookkeeper@example.com']);
});
