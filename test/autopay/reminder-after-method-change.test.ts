import { FixedClock } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { changeCitySettings } from '../tenants/city-settings';
import { CARDS, UPDATE, at, newCustomer, openAccountWithBill, saveCard, type AutopayPayload, type Customer, enrolAutopay } from './autopay-api';

/*
 * A reminder ("will be charged to your Visa ending in 4 2 4 2 on March 15")
 * waits in the outbox while the mail relay is down. When the resident
 * changes what autopay charges before it goes out (another card, a lower
 * maximum), it must not go out as written: it is withdrawn with the change
 * and queued again as the run will now charge, for the amount it announced
 * and on the date it promised. Norwalk deducts on the 15th and reminds 3
 * days before; every account here owes one March bill. Nothing is delivered
 * until a test says so (deliver(), the relay's return).
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: true });

/** One delivery pass through the SMTP catcher; what `customer` received in it. */
async function deliver(customer: Customer): Promise<{ subject: string; text: string }[]> {
  return env.deliveredTo(customer.email);
}

interface ReminderRow {
  status: string;
  failure_reason: string | null;
  locale: string;
  data: Record<string, string>;
}

/** The customer's autopay reminders in the outbox, oldest first. */
const reminders = (customer: Customer) =>
  tenantRows<ReminderRow>(
    env.platform,
    'norwalk',
    `SELECT status, failure_reason, locale, data FROM notification_outbox WHERE recipient = $1 AND template = 'AUTOPAY_REMINDER' ORDER BY created_at, id`,
    [customer.email],
  );

const update = async (customer: Customer, input: { serviceAccountId: string; paymentMethodId: string; maxAmount?: string }) =>
  (await (await customer.client()).data<{ updateAutopay: AutopayPayload }>(UPDATE, { input })).updateAutopay;

/** A resident enrolled on March 10 in an account owing `bill`, whose reminder the pass of March 12 queued (and did not send). */
async function remindedResident(email: string, accountNumber: string, bill: string, options: { locale?: 'EN' | 'ES' } = {}): Promise<{ resident: Customer; accountId: string; queued: ReminderRow }> {
  at(clock, '2026-03-10T18:00:00Z');
  await openAccountWithBill(env.platform, accountNumber, bill);
  const resident = await newCustomer(env.platform, { email, accounts: [accountNumber], ...options });
  const accountId = resident.accounts[accountNumber]!;
  await enrolAutopay(resident, accountId);
  at(clock, '2026-03-12T15:10:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  const [queued, ...more] = await reminders(resident);
  expect(more).toEqual([]);
  expect(queued).toMatchObject({ status: 'PENDING', data: { last4: '4242', deductionDate: '2026-03-15' } });
  return { resident, accountId, queued: queued! };
}

it('switching cards replaces the reminder still waiting: the new card, the same amount, the date it promised', async () => {
  const { resident, accountId, queued } = await remindedResident('ana-switch@example.com', '10-7101-00', '88.05');
  expect(queued.data.message).toBe('Your automatic payment of $88.05 for account 10-7101-00 will be charged to your Visa ending in 4 2 4 2 on March 15, 2026.');

  // The city moves its deduction day to the 20th after reminding: March's deduction stays on the 15th, as promised.
  at(clock, '2026-03-13T18:00:00Z');
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { deductionDay: 20 } });
  try {
    const mastercard = await saveCard(env.platform, await resident.client(), CARDS.mastercard);
    const switched = await update(resident, { serviceAccountId: accountId, paymentMethodId: mastercard });
    expect(switched).toMatchObject({ userErrors: [], autopay: { method: { last4: '4444' }, nextDeductionDate: '2026-03-15' } });

    const message = 'Your automatic payment of $88.05 for account 10-7101-00 will be charged to your Mastercard ending in 4 4 4 4 on March 15, 2026.';
    expect(await reminders(resident)).toEqual([
      { ...queued, status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' },
      { ...queued, data: { ...queued.data, method: 'Mastercard ending in 4 4 4 4', last4: '4444', message } },
    ]);
    const received = await deliver(resident);
    expect(received.map((m) => m.subject)).toEqual(['Upcoming automatic payment for account 10-7101-00 - City of Norwalk']);
    expect(received[0]!.text).toContain(message);
    expect(received[0]!.text).not.toContain('4242');
  } finally {
    await changeCitySettings(env.platform, 'norwalk', { autopayRules: { deductionDay: 15 } });
  }
}, 60_000);

it('lowering the maximum below the amount replaces the reminder still waiting, in the resident’s language: it will not be charged', async () => {
  const { resident, accountId, queued } = await remindedResident('benito-maximum@example.com', '10-7102-00', '120.00', { locale: 'ES' });
  expect(queued.locale).toBe('es');

  at(clock, '2026-03-13T18:00:00Z');
  expect((await update(resident, { serviceAccountId: accountId, paymentMethodId: resident.cardId, maxAmount: '100.00' })).userErrors).toEqual([]);

  const message = 'El pago automático tomaría $120.00 para la cuenta 10-7102-00, más que su máximo de pago automático de $100.00, así que no lo pagará el 15 de marzo de 2026. Haga un pago único.';
  // Saying the month will not be paid, it binds no deduction: it keeps no amount due (amountDueCents) as the first did.
  const { amountDueCents, amountDueSince, ...announced } = queued.data;
  expect([amountDueCents, amountDueSince]).toEqual(['12000', '2026-03-12T15:10:00.000Z']);
  expect(await reminders(resident)).toEqual([
    { ...queued, status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' },
    { ...queued, data: { ...announced, exceedsMaximum: 'true', message } },
  ]);
  const received = await deliver(resident);
  expect(received.map((m) => m.subject)).toEqual(['Próximo pago automático de la cuenta 10-7102-00 - City of Norwalk']);
  expect(received[0]!.text).toContain(message);
}, 60_000);

it('a reminder already sent is not sent again: the resident changed the card after reading it', async () => {
  const { resident, accountId, queued } = await remindedResident('carla-sent@example.com', '10-7103-00', '60.00');
  expect((await deliver(resident)).map((m) => m.subject)).toEqual(['Upcoming automatic payment for account 10-7103-00 - City of Norwalk']);

  at(clock, '2026-03-13T18:00:00Z');
  const mastercard = await saveCard(env.platform, await resident.client(), CARDS.mastercard);
  expect((await update(resident, { serviceAccountId: accountId, paymentMethodId: mastercard })).userErrors).toEqual([]);

  expect(await reminders(resident)).toEqual([{ ...queued, status: 'SENT', data: queued.data }]);
  expect(await deliver(resident)).toEqual([]);
}, 60_000);

it('a reminder still waiting on the deduction day is only withdrawn: the charge is already under way', async () => {
  const { resident, accountId, queued } = await remindedResident('dora-today@example.com', '10-7104-00', '45.00');

  // Early on the 15th in Norwalk, before the day's run.
  at(clock, '2026-03-15T12:00:00Z');
  const mastercard = await saveCard(env.platform, await resident.client(), CARDS.mastercard);
  expect((await update(resident, { serviceAccountId: accountId, paymentMethodId: mastercard })).userErrors).toEqual([]);

  expect(await reminders(resident)).toEqual([{ ...queued, status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' }]);
  expect(await deliver(resident)).toEqual([]);
}, 60_000);
