import { FixedClock } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { changeCitySettings } from '../tenants/city-settings';
import { BANK, amountDue, bankToken, cardToken, newKey, pay } from './payments-api';

/*
 * A household pays its water bill by e-check; unsure it went through, the
 * other adult pays by card an hour later; then the bank returns the e-check.
 * The ledger takes the e-check's money back and charges the returned-payment
 * fee, but the card still pays the bill. The payer's notice says no more is
 * owed again than the account owes now, the fee aside: told to "make a new
 * payment" of the whole bill, they would pay it a third time.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const mail = platformWithMailCatcher({ clock, jobs: true, trustProxy: true });
beforeAll(async () => {
  await changeCitySettings(mail.platform, 'norwalk', { paymentRules: { returnedPaymentFee: '25.00' } });
});

let nextAddress = 1;
const guest = () => mail.platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
const cents = (amount: string) => BigInt(amount.replace(/[$,]/g, '').replace('.', ''));
const dollars = (c: bigint) => `$${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;

/** Pays the account's whole amount due by e-check from `bankAccount`, then `cardAmount` of it by card; the bank returns the e-check two days on. */
async function paidTwiceThenReturned(accountNumber: string, bankAccount: string, payerEmail: string, startIso: string, cardAmount?: string) {
  clock.set(new Date(startIso));
  const { due } = await amountDue(guest(), { accountNumber });
  expect(cents(due)).toBeGreaterThan(0n);
  const echeck = await pay(guest(), { idempotencyKey: newKey('echeck'), allocations: [{ accountNumber, amount: due }], token: await bankToken(mail.platform, bankAccount), payerEmail });
  expect([echeck.payment?.status, echeck.userErrors]).toEqual(['AUTHORIZED', []]);
  clock.set(new Date(new Date(startIso).getTime() + 3_600_000));
  const card = await pay(guest(), { idempotencyKey: newKey('card'), allocations: [{ accountNumber, amount: cardAmount ?? due }], token: await cardToken(mail.platform), payerEmail });
  expect([card.payment?.status, card.userErrors]).toEqual(['CAPTURED', []]);
  clock.set(new Date(new Date(startIso).getTime() + 2 * 86_400_000 + 3_600_000));
  await mail.platform.runJob('payments.post');
  await mail.platform.runJob('payments.settle-echecks');
  const [notice] = await tenantRows<{ data: Record<string, string> }>(
    mail.platform,
    'norwalk',
    `SELECT data FROM notification_outbox WHERE template = 'PAYMENT_RETURNED' AND data->>'confirmationNumber' = $1`,
    [echeck.payment!.confirmationNumber],
  );
  return { due, notice: notice!.data, after: (await amountDue(guest(), { accountNumber })).due, email: (await mail.deliveredTo(payerEmail)).find((e) => e.subject.includes('was returned')) };
}

it('tells a payer whose bill another payment has paid that the return leaves only its fee to pay, not the bill again', async () => {
  const { due, notice, after, email } = await paidTwiceThenReturned('10-1002-00', BANK.accounts.returnsInsufficientFunds, 'household@example.com', '2026-11-23T18:00:00Z');
  // The account owes the fee alone: the card paid the bill.
  expect(after).toBe('25.00');
  expect(notice).toMatchObject({ alreadyPaid: `$${due}`, returnedPaymentFee: '$25.00', returnCode: 'R01', takenBackFrom: `Account ending in 0 2 0 0: $${due}` });
  expect(notice).not.toHaveProperty('owedAgain');
  expect(email?.text).toContain(`Your account does not owe the $${due} taken back from it (it had been paid beyond what it owed), so you do not need to pay it again.`);
  expect(email?.text).toContain('A returned payment fee of $25.00 was added to your account.');
  expect(email?.text).not.toMatch(/owed again|new payment|Applied to/);
});

it('tells a payer whose bill another payment has paid in part only what is left of it, beside the fee', async () => {
  const { due, notice, after, email } = await paidTwiceThenReturned('10-1003-00', BANK.accounts.returnsAccountClosed, 'partly@example.com', '2026-11-30T18:00:00Z', '10.00');
  const owed = cents(due) - 1000n;
  expect(cents(after)).toBe(owed + 2500n);
  expect(notice).toMatchObject({ owedAgain: dollars(owed), alreadyPaid: '$10.00', returnedPaymentFee: '$25.00', returnCode: 'R02' });
  expect(email?.text).toContain(
    `Your account does not owe $10.00 of what was taken back from it (it had been paid beyond what it owed); the other ${dollars(owed)} is owed again. Please make a new payment.`,
  );
});
