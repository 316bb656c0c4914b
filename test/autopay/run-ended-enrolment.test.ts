import { FixedClock } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { deliverThroughCatcher, platformWithMailCatcher } from '../notifications/notification-api';
import { at, enroll, newCustomer, openAccountWithBill, processorCharges, type Customer } from './autopay-api';

/*
 * A run that finds an enrolment it can never charge again (the city closed
 * the account, or the customer unlinked it) ends it: the reminders queued
 * for it must not go out afterwards announcing a deduction that will not
 * happen. Norwalk deducts on the 15th and reminds 3 days before; Paul
 * enrols two accounts, Rita one, and all three are reminded on March 12
 * while the mail relay is down (the platform here delivers nothing until a
 * test says so). On the 13th the city closes one of Paul's accounts and he
 * unlinks the other. Mail comes back after the run of the 15th.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
let paul: Customer;
let rita: Customer;
const env = platformWithMailCatcher({ clock, jobs: true });
beforeAll(async () => {
  await openAccountWithBill(env.platform, '10-8201-00', '60.00');
  await openAccountWithBill(env.platform, '10-8202-00', '70.00');
  await openAccountWithBill(env.platform, '10-8203-00', '80.00');
  paul = await newCustomer(env.platform, { email: 'paul.ended@example.com', accounts: ['10-8201-00', '10-8202-00'] });
  rita = await newCustomer(env.platform, { email: 'rita.ended@example.com', accounts: ['10-8203-00'] });
  for (const [customer, accountNumber] of [
    [paul, '10-8201-00'],
    [paul, '10-8202-00'],
    [rita, '10-8203-00'],
  ] as const) {
    const enrolled = await enroll(await customer.client(), { serviceAccountId: customer.accounts[accountNumber]!, paymentMethodId: customer.cardId });
    expect([accountNumber, enrolled.userErrors]).toEqual([accountNumber, []]);
  }
  at(clock, '2026-03-12T15:10:00Z');
  await autopayPass();
  expect(await reminders()).toEqual([
    ['10-8201-00', 'PENDING', null],
    ['10-8202-00', 'PENDING', null],
    ['10-8203-00', 'PENDING', null],
  ]);
});

const autopayPass = () => env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });

/** Every autopay reminder in the outbox, by account: what became of it. */
const reminders = async () =>
  (
    await tenantRows<{ account_number: string; status: string; failure_reason: string | null }>(
      env.platform,
      'norwalk',
      `SELECT data->>'accountNumber' AS account_number, status, failure_reason FROM notification_outbox WHERE template = 'AUTOPAY_REMINDER' AND channel = 'EMAIL' ORDER BY 1, created_at`,
    )
  ).map((n) => [n.account_number, n.status, n.failure_reason]);

const enrolmentStatuses = async () =>
  (
    await tenantRows<{ account_number: string; status: string }>(
      env.platform,
      'norwalk',
      'SELECT a.account_number, e.status FROM autopay_enrollments e JOIN service_accounts a ON a.id = e.service_account_id ORDER BY 1',
    )
  ).map((e) => [e.account_number, e.status]);

/** One delivery pass through the SMTP catcher, as the relay comes back: the subjects each recipient received in it. */
async function deliver(): Promise<Record<string, string[]>> {
  const received: Record<string, string[]> = {};
  for (const message of await deliverThroughCatcher(env.platform, env.smtp)) for (const to of message.envelopeTo) (received[to] ??= []).push(message.parsed.subject ?? '');
  return received;
}

it('withdraws the reminders of the enrolments it ends, closed and unlinked, in the run that ends them', async () => {
  at(clock, '2026-03-13T17:00:00Z');
  const closed = await (
    await signInStaff(env.platform, 'norwalk', 'ADMIN')
  ).data<{ closeServiceAccount: { userErrors: unknown[] } }>('mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { userErrors { code } } }', {
    id: paul.accounts['10-8201-00'],
  });
  expect(closed.closeServiceAccount.userErrors).toEqual([]);
  const unlinked = await (
    await paul.client()
  ).data<{ unlinkServiceAccount: { userErrors: unknown[] } }>('mutation U($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }', {
    id: paul.accounts['10-8202-00'],
  });
  expect(unlinked.unlinkServiceAccount.userErrors).toEqual([]);

  at(clock, '2026-03-15T15:10:00Z');
  await autopayPass();
  expect(await enrolmentStatuses()).toEqual([
    ['10-8201-00', 'CANCELLED'],
    ['10-8202-00', 'CANCELLED'],
    ['10-8203-00', 'ENROLLED'],
  ]);
  expect((await processorCharges(env.platform)).map((c) => c.amount)).toEqual(['8000']);
  expect(await reminders()).toEqual([
    ['10-8201-00', 'SUPPRESSED', 'WITHDRAWN'],
    ['10-8202-00', 'SUPPRESSED', 'WITHDRAWN'],
    ['10-8203-00', 'PENDING', null],
  ]);

  // Mail is back: Rita's reminder goes out (late, as mail was down); Paul is sent no reminder, only word that autopay
  // did not pay the closed account's final bill (the unlinked account is no longer his).
  const received = await deliver();
  expect((received[paul.email] ?? []).filter((subject) => /autopay|automatic/i.test(subject))).toEqual(['Autopay did not pay this month - City of Norwalk']);
  expect(received[rita.email]).toContain('Upcoming automatic payment for account 10-8203-00 - City of Norwalk');
}, 60_000);
