import { FixedClock } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { deliverThroughCatcher, platformWithMailCatcher } from '../notifications/notification-api';
import { link } from '../customers/linked-resident';
import { at, newCustomer, openAccountWithBill, type Customer, enrolAutopay } from './autopay-api';

/*
 * Norwalk deducts on the 15th and reminds three days before. The reminders
 * are queued on March 12 while the mail relay is down; it comes back on the
 * 14th, before the deduction day's run.
 *
 * Ana, who enrolled 10-8501-00, moves out and unlinks it on the 13th: her
 * enrolment lapsed with the link (the account shows Not Enrolled; the run
 * will end it), so the reminder announcing a charge on the 15th must not
 * reach her, as it would not had she cancelled autopay. Ben unlinks
 * 10-8502-00 by mistake and links it again the same day: his enrolment
 * stands again and will be charged, so he is reminded of it. Carla holds
 * 10-8503-00 with Dan, who enrolled it; Carla's unlinking is not Dan's
 * autopay's business, and Dan is reminded as ever.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
let ana: Customer;
let ben: Customer;
let carla: Customer;
let dan: Customer;
const env = platformWithMailCatcher({ clock, jobs: true });
beforeAll(async () => {
  for (const number of ['10-8501-00', '10-8502-00', '10-8503-00']) await openAccountWithBill(env.platform, number, '60.00');
  ana = await newCustomer(env.platform, { email: 'ana.unlinks@example.com', accounts: ['10-8501-00'] });
  ben = await newCustomer(env.platform, { email: 'ben.relinks@example.com', accounts: ['10-8502-00'] });
  dan = await newCustomer(env.platform, { email: 'dan.enrolled@example.com', accounts: ['10-8503-00'] });
  carla = await newCustomer(env.platform, { email: 'carla.coholder@example.com', accounts: ['10-8503-00'] });
  for (const [customer, number] of [
    [ana, '10-8501-00'],
    [ben, '10-8502-00'],
    [dan, '10-8503-00'],
  ] as const)
    await enrolAutopay(customer, customer.accounts[number]!);
  at(clock, '2026-03-12T15:10:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
});

const UNLINK = 'mutation U($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }';
async function unlink(customer: Customer, accountNumber: string): Promise<void> {
  const result = await (await customer.client()).data<{ unlinkServiceAccount: { userErrors: unknown[] } }>(UNLINK, { id: customer.accounts[accountNumber] });
  expect(result.unlinkServiceAccount.userErrors).toEqual([]);
}
const reminders = (email: string) =>
  tenantRows<{ status: string; failure_reason: string | null }>(
    env.platform,
    'norwalk',
    `SELECT status, failure_reason FROM notification_outbox WHERE template = 'AUTOPAY_REMINDER' AND recipient = $1 ORDER BY created_at`,
    [email],
  );

it('does not deliver to an enroller who unlinked the account the reminder of a deduction that will not be made, and reminds the one who linked it again', async () => {
  for (const customer of [ana, ben, dan]) expect((await reminders(customer.email)).map((r) => r.status)).toEqual(['PENDING']);

  at(clock, '2026-03-13T17:00:00Z');
  await unlink(ana, '10-8501-00');
  await unlink(carla, '10-8503-00');
  await unlink(ben, '10-8502-00');
  await link(await ben.client(), '10-8502-00', { serviceHouseNumber: '12345' });
  // The hourly pass reminds Ben again, of the deduction his enrolment, standing again, will make.
  at(clock, '2026-03-13T18:10:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });

  at(clock, '2026-03-14T16:00:00Z');
  const delivered = await deliverThroughCatcher(env.platform, env.smtp);
  const subjectsTo = (email: string) => delivered.filter((m) => m.envelopeTo.includes(email)).map((m) => m.parsed.subject ?? '');
  expect({ ana: subjectsTo(ana.email), ben: subjectsTo(ben.email), carla: subjectsTo(carla.email), dan: subjectsTo(dan.email) }).toEqual({
    ana: [],
    ben: ['Upcoming automatic payment for account 10-8502-00 - City of Norwalk'],
    carla: [],
    dan: ['Upcoming automatic payment for account 10-8503-00 - City of Norwalk'],
  });
  expect((await reminders(ana.email)).map((r) => [r.status, r.failure_reason])).toEqual([['SUPPRESSED', 'WITHDRAWN']]);
}, 60_000);
