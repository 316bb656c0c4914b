import { FixedClock } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { RESEND, deliverThroughCatcher, platformWithMailCatcher } from '../notifications/notification-api';
import { at, myAccounts, newCustomer, openAccountWithBill, type Customer, enrolAutopay } from './autopay-api';

/*
 * Norwalk deducts on the 15th and reminds three days before. Paul's
 * reminder for account 10-8301-00 is queued on March 12 while the mail relay
 * is down. On the 13th Paul moves out and the billing office closes the
 * account: from that moment the platform shows him "Auto Pay: Not Enrolled"
 * with no deduction to come, because the run will skip the closed account.
 * The relay comes back on the 14th, before that run. A reminder announcing
 * "$60.00 will be charged on March 15" must not reach him then: it is as
 * untrue as it would be had he cancelled autopay (cancelAutopay withdraws
 * it at once) and as the run itself judges it (it withdraws such reminders
 * when it ends the enrolment, run-ended-enrolment.test.ts). Lena, his
 * neighbour, whose account stays open, is reminded as ever.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
let paul: Customer;
let lena: Customer;
const env = platformWithMailCatcher({ clock, jobs: true });
beforeAll(async () => {
  await openAccountWithBill(env.platform, '10-8301-00', '60.00');
  await openAccountWithBill(env.platform, '10-8302-00', '45.00');
  paul = await newCustomer(env.platform, { email: 'paul.closed.before@example.com', accounts: ['10-8301-00'] });
  lena = await newCustomer(env.platform, { email: 'lena.stays@example.com', accounts: ['10-8302-00'] });
  await enrolAutopay(paul, paul.accounts['10-8301-00']!);
  await enrolAutopay(lena, lena.accounts['10-8302-00']!);
  at(clock, '2026-03-12T15:10:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
});

const CLOSE = 'mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { userErrors { code } } }';
const reminders = (email: string) =>
  tenantRows<{ id: string; status: string; failure_reason: string | null }>(
    env.platform,
    'norwalk',
    `SELECT id, status, failure_reason FROM notification_outbox WHERE template = 'AUTOPAY_REMINDER' AND recipient = $1 ORDER BY created_at`,
    [email],
  );

it('does not deliver, after the account was closed, a reminder announcing a deduction the platform already shows will not be made', async () => {
  expect((await reminders(paul.email)).map((r) => r.status)).toEqual(['PENDING']);

  at(clock, '2026-03-13T17:00:00Z');
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  expect((await staff.data<{ closeServiceAccount: { userErrors: unknown[] } }>(CLOSE, { id: paul.accounts['10-8301-00'] })).closeServiceAccount.userErrors).toEqual([]);
  // What the platform tells Paul now: nothing will be deducted.
  expect((await myAccounts(await paul.client()))['10-8301-00']!.autopay).toMatchObject({ status: 'NOT_ENROLLED', nextDeductionDate: null });

  // The relay comes back on the 14th, before the deduction day's run.
  at(clock, '2026-03-14T16:00:00Z');
  const delivered = await deliverThroughCatcher(env.platform, env.smtp);
  const subjectsTo = (email: string) => delivered.filter((m) => m.envelopeTo.includes(email)).map((m) => m.parsed.subject ?? '');
  expect(subjectsTo(paul.email).filter((subject) => /upcoming automatic payment/i.test(subject))).toEqual([]);
  expect((await reminders(paul.email)).map((r) => [r.status, r.failure_reason])).toEqual([['SUPPRESSED', 'WITHDRAWN']]);
  // An open account's reminder goes out as ever.
  expect(subjectsTo(lena.email)).toEqual(['Upcoming automatic payment for account 10-8302-00 - City of Norwalk']);
}, 60_000);

it('does not let staff send again, once the account is closed, a reminder that went out before', async () => {
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const [sent] = await reminders(lena.email);
  expect(sent?.status).toBe('SENT');
  expect((await staff.data<{ closeServiceAccount: { userErrors: unknown[] } }>(CLOSE, { id: lena.accounts['10-8302-00'] })).closeServiceAccount.userErrors).toEqual([]);

  const resent = await staff.data<{ resendNotification: { notification: unknown; userErrors: { field: string[]; code: string; message: string }[] } }>(RESEND, { id: sent!.id });
  expect(resent.resendNotification).toEqual({
    notification: null,
    userErrors: [{ field: ['id'], code: 'NOTIFICATION_NOT_RESENDABLE', message: expect.stringMatching(/closed/) }],
  });
  expect((await reminders(lena.email)).map((r) => r.status)).toEqual(['SENT']);
}, 60_000);
