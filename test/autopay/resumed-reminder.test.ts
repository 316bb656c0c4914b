import { FixedClock } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { changeCitySettings } from '../tenants/city-settings';
import { CARDS, UPDATE, at, newCustomer, openAccountWithBill, processorCharges, saveCard, type AutopayPayload, type Customer, enrolAutopay } from './autopay-api';

/*
 * Norwalk deducts on the 15th; here it reminds 7 days before and retries a
 * declined deduction 3 and 28 days after the first attempt, so a month's
 * last retry (the 12th of the next month) comes after the next month's
 * reminder (the 8th). A resident whose card is always declined is reminded
 * of April 15 on April 8; the last retry of March fails on April 12 and
 * suspends autopay, which withdraws that reminder if it is still waiting
 * (mail down). On the 13th the resident resumes autopay with a new card,
 * before April 15: April is covered, and charged on the 15th. They must
 * have been told first, of the card now charged. One whose April reminder
 * did go out is not told twice. Nothing is delivered until a test says so.
 */

const clock = new FixedClock(new Date('2026-03-01T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: true });
beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { reminderDaysBefore: 7, retryAfterDays: [3, 28] } });
});

/** The hourly pass late in the morning of a city date (Los Angeles); `early` runs it just after the city's midnight. */
async function passOn(date: string, early = false): Promise<void> {
  at(clock, `${date}T${early ? '07:10' : '18:10'}:00Z`);
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
}

/** One delivery pass through the SMTP catcher (the relay is up for it); what `customer` received in it. */
const deliver = (customer: Customer) => env.deliveredTo(customer.email);

/** The customer's reminders in the outbox, oldest first: what became of each, the card and the date it named. */
const reminders = async (customer: Customer) =>
  (
    await tenantRows<{ status: string; last4: string; deduction_date: string }>(
      env.platform,
      'norwalk',
      `SELECT status, data->>'last4' AS last4, data->>'deductionDate' AS deduction_date FROM notification_outbox
        WHERE recipient = $1 AND template = 'AUTOPAY_REMINDER' AND channel = 'EMAIL' ORDER BY created_at, id`,
      [customer.email],
    )
  ).map((n) => [n.status, n.last4, n.deduction_date]);

/**
 * A resident enrolled with a card that is always declined, in an account
 * owing a bill, whose deduction of `cycle` fails on the 15th and the 18th,
 * leaving the last retry for the 12th of the next month.
 */
async function decliningResident(email: string, accountNumber: string, cycle: string, enrolOn: string): Promise<{ resident: Customer; accountId: string }> {
  at(clock, `${enrolOn}T18:00:00Z`);
  await openAccountWithBill(env.platform, accountNumber, '88.05');
  const resident = await newCustomer(env.platform, { email, accounts: [accountNumber], card: CARDS.genericDecline });
  const accountId = resident.accounts[accountNumber]!;
  await enrolAutopay(resident, accountId);
  await passOn(`${cycle}-08`);
  expect(await deliver(resident)).toHaveLength(1);
  await passOn(`${cycle}-15`, true);
  await passOn(`${cycle}-18`, true);
  return { resident, accountId };
}

/** Resumes the suspended enrolment with a new Visa (ending in 4 2 4 2). */
async function resumeWithNewCard(resident: Customer, accountId: string): Promise<AutopayPayload> {
  const me = await resident.client();
  const visa = await saveCard(env.platform, me, CARDS.visa);
  return (await me.data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: accountId, paymentMethodId: visa } })).updateAutopay;
}

it('a resident whose reminder the suspension withdrew is reminded again, of the new card, before the resumed autopay charges it', async () => {
  const { resident: ana, accountId } = await decliningResident('ana.resumed@example.com', '10-9101-00', '2026-03', '2026-03-06');

  // April's reminder is queued on the 8th, and waits: mail is down until the 14th.
  await passOn('2026-04-08');
  expect(await reminders(ana)).toEqual([
    ['SENT', '0002', '2026-03-15'],
    ['PENDING', '0002', '2026-04-15'],
  ]);
  // March's last retry fails: autopay is suspended, and the reminder of April 15, never sent, is withdrawn.
  await passOn('2026-04-12', true);
  expect((await reminders(ana)).at(-1)).toEqual(['SUPPRESSED', '0002', '2026-04-15']);

  at(clock, '2026-04-13T18:00:00Z');
  const resumed = await resumeWithNewCard(ana, accountId);
  expect(resumed).toMatchObject({ userErrors: [], currentCycleCovered: true, firstDeductionDate: '2026-04-15', autopay: { status: 'ENROLLED', method: { last4: '4242' } } });
  await passOn('2026-04-13');
  await passOn('2026-04-14');

  // Mail is back before the deduction: she is told of April 15 on the Visa autopay now charges.
  expect((await reminders(ana)).slice(2)).toEqual([['PENDING', '4242', '2026-04-15']]);
  const received = (await deliver(ana)).filter((m) => m.subject.startsWith('Upcoming automatic payment'));
  expect(received.map((m) => m.text)).toEqual([expect.stringContaining('will be charged to your Visa ending in 4 2 4 2 on April 15, 2026.')]);

  const before = (await processorCharges(env.platform)).length;
  await passOn('2026-04-15', true);
  expect((await processorCharges(env.platform)).slice(before).map((c) => c.amount)).toEqual(['8805']);
}, 90_000);

it('a resident whose reminder did go out before the suspension is not reminded twice', async () => {
  const { resident: ben, accountId } = await decliningResident('ben.resumed@example.com', '10-9102-00', '2026-05', '2026-04-20');

  // June's reminder goes out on the 8th (mail is up), naming the declined card.
  await passOn('2026-06-08');
  expect((await deliver(ben)).map((m) => m.subject).filter((subject) => subject.startsWith('Upcoming'))).toEqual(['Upcoming automatic payment for account 10-9102-00 - City of Norwalk']);
  await passOn('2026-06-12', true);

  at(clock, '2026-06-13T18:00:00Z');
  expect(await resumeWithNewCard(ben, accountId)).toMatchObject({ userErrors: [], currentCycleCovered: true, firstDeductionDate: '2026-06-15' });
  await passOn('2026-06-13');
  await passOn('2026-06-14');
  expect(await reminders(ben)).toEqual([
    ['SENT', '0002', '2026-05-15'],
    ['SENT', '0002', '2026-06-15'],
  ]);
  expect((await deliver(ben)).filter((m) => m.subject.startsWith('Upcoming automatic payment'))).toEqual([]);

  const before = (await processorCharges(env.platform)).length;
  await passOn('2026-06-15', true);
  expect((await processorCharges(env.platform)).slice(before).map((c) => c.amount)).toEqual(['8805']);
}, 90_000);
