import type { GraphQLTestClient } from '@platform/testkit';
import { ADJUST, accountById, openAccount, signInStaff } from '../billing/billing-api';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { changeCitySettings } from '../tenants/city-settings';
import { REFUND, cardToken, newKey, pay } from './payments-api';

/*
 * A refund gives money back to the payer and takes it back from the accounts
 * the payment paid, which owe it again (and may fall past due and toward
 * disconnection). The payer's email says so, and how much: not the
 * receipt's "Applied to", which the refund has undone, but what it took back
 * from each account. A refund is taken from the accounts' share first and
 * the convenience fee last, so a refund of the fee's amount alone is owed
 * again too.
 */

const mail = platformWithMailCatcher({});
let staff: GraphQLTestClient;
beforeAll(async () => {
  staff = await signInStaff(mail.platform, 'norwalk', 'SUPPORT');
});

const refund = (paymentId: string, amount: string) => staff.data(REFUND, { input: { paymentId, amount, reason: 'Resident disputed the payment', idempotencyKey: newKey('refund') } });
const refundEmail = async (payer: string) => (await mail.deliveredTo(payer)).find((email) => email.subject.includes('Refund of your payment'));

it('tells the payer that what a refund took back from the account is owed again, and from which account', async () => {
  const payer = 'refund-owed-again@example.com';
  const { payment } = await pay(mail.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '20.00' }],
    token: await cardToken(mail.platform),
    payerEmail: payer,
  });
  const accountId = payment!.allocations[0]!.serviceAccountId;
  expect((await accountById(staff, accountId)).balance.amountDueNow.amount).toBe('68.05');

  await refund(payment!.id, '20.00');
  expect((await accountById(staff, accountId)).balance.amountDueNow.amount).toBe('88.05');
  const email = await refundEmail(payer);
  expect(email?.text).toContain('We refunded $20.00 of your payment');
  expect(email?.text).toContain('The $20.00 taken back from your account is owed again. Please make a new payment.');
  expect(email?.text).toContain('Taken back from: Account ending in 0 1 0 0: $20.00');
  expect(email?.text).not.toContain('Applied to');
});

it('says a refund of the convenience fee amount is taken from the account and owed again; the fee comes back with the last of the payment', async () => {
  await changeCitySettings(mail.platform, 'norwalk', { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '1.95' } } });
  const payer = 'fee-refund@example.com';
  const { payment } = await pay(mail.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '20.00' }],
    token: await cardToken(mail.platform),
    payerEmail: payer,
  });
  expect(payment).toMatchObject({ amount: { amount: '20.00' }, convenienceFee: { amount: '1.95' }, total: { amount: '21.95' } });
  await mail.deliveredTo(payer);

  await refund(payment!.id, '1.95');
  const first = await refundEmail(payer);
  expect(first?.text).toContain('The $1.95 taken back from your account is owed again.');
  expect(first?.text).toContain('Taken back from: Account ending in 0 1 0 0: $1.95');

  // The rest: $18.05 was left on the account, and the fee comes back with it.
  await refund(payment!.id, '20.00');
  const last = await refundEmail(payer);
  expect(last?.text).toContain('We refunded $20.00 of your payment');
  expect(last?.text).toContain('The $18.05 taken back from your account is owed again.');
  expect(last?.text).toContain('Taken back from: Account ending in 0 1 0 0: $18.05');
});

it('does not say other payments paid what a refund of an overpayment gives back: the account was paid beyond what it owed (found by review of the fix)', async () => {
  const payer = 'refund-of-credit@example.com';
  const admin = await signInStaff(mail.platform, 'norwalk', 'ADMIN');
  const account = await openAccount(admin, { accountNumber: '10-7701-00' });
  await admin.data(ADJUST, { input: { serviceAccountId: account.id, kind: 'ADJUSTMENT', amount: '40.00', memo: 'Water, one month', idempotencyKey: `owing-${account.id}` } });
  // $11.95 paid beyond the $40.00 owed: credit, and no other payment on the account.
  const { payment } = await pay(mail.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-7701-00', amount: '51.95' }],
    token: await cardToken(mail.platform),
    payerEmail: payer,
  });
  await mail.deliveredTo(payer);
  await refund(payment!.id, '51.95');
  const email = await refundEmail(payer);
  expect(email?.text).not.toContain('Other payments');
  expect(email?.text).toContain('Your account does not owe $11.95 of what was taken back from it (it had been paid beyond what it owed); the other $40.00 is owed again.');
});
