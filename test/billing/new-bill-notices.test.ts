import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { CARDS, enrolAutopay, newCustomer } from '../autopay/autopay-api';
import { link, linkedResident } from '../customers/linked-resident';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { deliverUntil, platformWithMailCatcher, switchTextsOnConfirmed } from '../notifications/notification-api';
import { headerOf } from '../notifications/smtp-catcher';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { IMPORT_LIST, openAccount, signInStaff, type ImportResult } from './billing-api';

/*
 * A resident who linked an account hears of each new bill on it as the city imports it (as the paperless bills of
 * Paymentus and Invoice Cloud do): what it comes to, when it is due, the service it bills, and either a link to pay it
 * or, where Auto Pay pays the account, the day it will. Found by review: a bill import told nobody, so a resident
 * without the paper bill learned of a bill when it was past due. The job tells each import once, oldest first, and
 * only of utility bills still to pay by their date.
 */

// Monday 2026-11-23, 10:00 in Norwalk (deduction day 15: the next is December 15).
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const mail = platformWithMailCatcher((smtp) => ({ clock, jobs: true, notifications: { smtpUrl: smtp.url } }));
const TELL = 'customers.new-bill-notices';
const REMIND = 'customers.bill-due-reminders';
let admin: GraphQLTestClient;
beforeAll(async () => {
  admin = await signInStaff(mail.platform, 'norwalk', 'ADMIN');
});

const PREFERENCES = '{ notificationPreferences { autopayReminders billNotices } }';
const SAVE = 'mutation P($input: NotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { preferences { autopayReminders billNotices } userErrors { code } } }';

/** A bill as the city's system sends it: December's, for service from October 15 to November 14. */
const bill = (accountNumber: string, billNumber: string, overrides: Record<string, string> = {}) => ({
  accountNumber,
  billNumber,
  issueDate: '2026-11-20',
  dueDate: '2026-12-20',
  periodStart: '2026-10-15',
  periodEnd: '2026-11-14',
  water: '41.25',
  sewer: '20.00',
  trash: '12.50',
  ...overrides,
});

async function importBills(bills: readonly Record<string, string>[]): Promise<void> {
  const { importBills: result } = await admin.data<{ importBills: ImportResult }>(IMPORT_LIST, { bills });
  expect(result.userErrors).toEqual([]);
  expect(result.imported).toBe(bills.length);
}

const noticesOf = (template: string) => (accountNumber: string) =>
  tenantRows<{ recipient: string; channel: string; status: string }>(
    mail.platform,
    'norwalk',
    'SELECT recipient, channel, status FROM notification_outbox WHERE template = $1 AND account_number = $2 ORDER BY recipient, channel',
    [template, accountNumber],
  );
const billNoticesOf = noticesOf('BILL_ISSUED');
const remindersOf = noticesOf('BILL_DUE_SOON');

/** Delivers what is queued, then the emails of `template` whose subject `subject` matches that reached `email`. */
const emailsOf = (template: string, subject: RegExp) => async (email: string) => {
  const waiting = () => tenantRows<{ n: number }>(mail.platform, 'norwalk', "SELECT count(*)::int AS n FROM notification_outbox WHERE template = $1 AND status = 'PENDING'", [template]);
  await deliverUntil(mail.platform, async () => (await waiting())[0]?.n === 0);
  return mail.smtp.accepted.filter((m) => m.envelopeTo.includes(email) && subject.test(m.parsed.subject ?? ''));
};
const billEmailsTo = emailsOf('BILL_ISSUED', /^(Your new bill|Su nueva factura)/);
const reminderEmailsTo = emailsOf('BILL_DUE_SOON', /^(Reminder|Recordatorio):/);

it('tells each resident who proved their address of a new bill on their account, in their language, once, and nobody of a bill already past due', async () => {
  await openAccount(admin, { accountNumber: '77-7101-00', addressLine1: '7101 Imperial Hwy' });
  await openAccount(admin, { accountNumber: '77-7102-00', addressLine1: '7102 Imperial Hwy' });
  // Told by the job before this test's bills: the accounts' residents are linked, then the bills come.
  await mail.platform.runJob(TELL);
  await linkedResident(mail.platform, 'norwalk', { email: 'bill.en@example.com', locale: 'EN' }, '77-7101-00', { serviceHouseNumber: '7101' });
  await linkedResident(mail.platform, 'norwalk', { email: 'bill.es@example.com', locale: 'ES' }, '77-7101-00', { serviceHouseNumber: '7101' });
  const norwalk = mail.platform.client.asTenant('norwalk');
  const unproven = await registerCustomer(norwalk, { email: 'bill.unproven@example.com', locale: 'EN' }, { proveEmail: false });
  await link(bearer(norwalk, unproven.session), '77-7101-00', { serviceHouseNumber: '7101' });

  // One import: a new bill, an old one (a city loading its history), and a bill on an account nobody linked.
  await importBills([bill('77-7101-00', '77-7101-DEC'), bill('77-7101-00', '77-7101-SEP', { issueDate: '2026-09-01', dueDate: '2026-09-20' }), bill('77-7102-00', '77-7102-DEC')]);
  await mail.platform.runJob(TELL);

  const [english, ...moreEnglish] = await billEmailsTo('bill.en@example.com');
  expect(moreEnglish).toEqual([]);
  expect(english?.parsed.subject).toBe('Your new bill is ready: $73.75 due December 20, 2026 - City of Norwalk');
  const text = english?.parsed.text ?? '';
  expect(text).toContain('Your new City of Norwalk bill for account ending in 0 1 0 0 is $73.75, due on December 20, 2026.');
  expect(text).toContain('It bills your service from October 15, 2026 to November 14, 2026.');
  expect(text).toMatch(/View and pay: https?:\/\/\S+\/account\?tenant=norwalk&lang=en/);
  expect(text).toContain('Bill number: 77-7101-DEC');
  expect(text).toContain('Stop bill emails');
  expect(text).not.toContain('77-7101-00');
  expect(text).not.toContain('Auto Pay');

  const [spanish] = await billEmailsTo('bill.es@example.com');
  expect(spanish?.parsed.subject).toBe('Su nueva factura está lista: $73.75 vence el 20 de diciembre de 2026 - City of Norwalk');
  expect(spanish?.parsed.text).toContain('Su nueva factura de City of Norwalk para la cuenta terminada en 0 1 0 0 es de $73.75 y vence el 20 de diciembre de 2026.');

  expect(await billEmailsTo('bill.unproven@example.com')).toEqual([]);
  expect(await billNoticesOf('77-7102-00')).toEqual([]);
  // Run again (the schedule's next tick, a retry): the import was told of, nobody hears of it twice.
  await mail.platform.runJob(TELL);
  expect(await billNoticesOf('77-7101-00')).toEqual([
    { recipient: 'bill.en@example.com', channel: 'EMAIL', status: 'SENT' },
    { recipient: 'bill.es@example.com', channel: 'EMAIL', status: 'SENT' },
  ]);
});

it('says the day Auto Pay pays the account instead of asking for a payment, and texts a resident who confirmed a number', async () => {
  await openAccount(admin, { accountNumber: '77-7201-00', addressLine1: '7201 Imperial Hwy' });
  await mail.platform.runJob(TELL);
  const customer = await newCustomer(mail.platform, { email: 'bill.autopay@example.com', accounts: ['77-7201-00'], card: CARDS.visa });
  await enrolAutopay(customer, customer.accounts['77-7201-00']!);
  await switchTextsOnConfirmed(mail.platform, await customer.client(), '562-555-0171');
  const textsBefore = mail.platform.sentSms.length;

  await importBills([bill('77-7201-00', '77-7201-DEC')]);
  await mail.platform.runJob(TELL);
  const [email] = await billEmailsTo('bill.autopay@example.com');
  expect(email?.parsed.text).toContain('Auto Pay pays this account: it will pay the amount due on December 15, 2026. There is nothing for you to do.');
  expect(email?.parsed.text).toMatch(/View your account: https?:\/\/\S+\/account\?/);
  expect(email?.parsed.text).not.toContain('View and pay');
  expect(mail.platform.sentSms.slice(textsBefore).map((sms) => sms.body)).toEqual([
    'City of Norwalk: your new bill for account ending in 0 1 0 0 is $73.75, due on December 20, 2026. Auto Pay will pay it on December 15, 2026.',
  ]);
});

it("a resident who switched new bill notices off, in their settings or by the email's one-click unsubscribe, is not sent them; their reminders stay on", async () => {
  await openAccount(admin, { accountNumber: '77-7301-00', addressLine1: '7301 Imperial Hwy' });
  await openAccount(admin, { accountNumber: '77-7302-00', addressLine1: '7302 Imperial Hwy' });
  await mail.platform.runJob(TELL);
  const { customer: settings } = await linkedResident(mail.platform, 'norwalk', { email: 'bill.off@example.com' }, '77-7301-00', { serviceHouseNumber: '7301' });
  const { customer: oneClick } = await linkedResident(mail.platform, 'norwalk', { email: 'bill.oneclick@example.com' }, '77-7302-00', { serviceHouseNumber: '7302' });
  expect((await settings.data<{ notificationPreferences: unknown }>(PREFERENCES)).notificationPreferences).toEqual({ autopayReminders: true, billNotices: true });
  const saved = await settings.data<{ updateNotificationPreferences: { preferences: unknown } }>(SAVE, { input: { billNotices: false } });
  expect(saved.updateNotificationPreferences.preferences).toEqual({ autopayReminders: true, billNotices: false });

  await importBills([bill('77-7301-00', '77-7301-DEC'), bill('77-7302-00', '77-7302-DEC')]);
  await mail.platform.runJob(TELL);
  expect(await billEmailsTo('bill.off@example.com')).toEqual([]);
  expect(await billNoticesOf('77-7301-00')).toEqual([{ recipient: 'bill.off@example.com', channel: 'EMAIL', status: 'SUPPRESSED' }]);

  // The email names its kind in List-Unsubscribe: a mail program's one click switches these off, and nothing else.
  const [notice] = await billEmailsTo('bill.oneclick@example.com');
  const named = new URL(/^<([^>]+)>$/.exec(headerOf(notice!, 'List-Unsubscribe') ?? '')?.[1] ?? 'missing:');
  expect(named.searchParams.get('kind')).toBe('BILL_ISSUED');
  const clicked = await fetch(new URL(`${named.pathname}${named.search}`, mail.platform.gateway.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(clicked.status).toBe(200);
  expect((await oneClick.data<{ notificationPreferences: unknown }>(PREFERENCES)).notificationPreferences).toEqual({ autopayReminders: true, billNotices: false });
});

it('reminds the residents of an account that still owes, three days before its bill is due, once; not where it was paid or Auto Pay pays it', async () => {
  // Last in the file: the clock moves to the days before December 20.
  await openAccount(admin, { accountNumber: '77-7401-00', addressLine1: '7401 Imperial Hwy' });
  await openAccount(admin, { accountNumber: '77-7402-00', addressLine1: '7402 Imperial Hwy' });
  await mail.platform.runJob(TELL);
  await linkedResident(mail.platform, 'norwalk', { email: 'due.owing@example.com', locale: 'ES' }, '77-7401-00', { serviceHouseNumber: '7401' });
  await linkedResident(mail.platform, 'norwalk', { email: 'due.paid@example.com' }, '77-7402-00', { serviceHouseNumber: '7402' });
  await importBills([bill('77-7401-00', '77-7401-DEC'), bill('77-7402-00', '77-7402-DEC')]);
  // Part of it paid by one, all of it by the other: pending payments count as paid.
  const guest = mail.platform.client.asTenant('norwalk');
  for (const [accountNumber, amount] of [
    ['77-7401-00', '20.00'],
    ['77-7402-00', '73.75'],
  ] as const) {
    const paid = await pay(guest, { idempotencyKey: newKey(), allocations: [{ accountNumber, amount }], token: await cardToken(mail.platform), payerEmail: 'payer@example.com' });
    expect(paid.payment?.status).toBe('CAPTURED');
  }
  // A month before it is due: nothing yet.
  await mail.platform.runJob(REMIND);
  expect(await remindersOf('77-7401-00')).toEqual([]);

  clock.set(new Date('2026-12-17T18:00:00Z'));
  await mail.platform.runJob(REMIND);
  const [reminder, ...more] = await reminderEmailsTo('due.owing@example.com');
  expect(more).toEqual([]);
  expect(reminder?.parsed.subject).toBe('Recordatorio: $53.75 vence el 20 de diciembre de 2026 - City of Norwalk');
  expect(reminder?.parsed.text).toContain('Su factura de City of Norwalk para la cuenta terminada en 0 1 0 0 vence el 20 de diciembre de 2026. El monto adeudado de la cuenta es $53.75.');
  expect(reminder?.parsed.text).toMatch(/Pagar ahora: https?:\/\/\S+\/account\?tenant=norwalk&lang=es/);
  expect(await reminderEmailsTo('due.paid@example.com')).toEqual([]);
  expect(await remindersOf('77-7402-00')).toEqual([]);
  // Auto Pay pays 77-7201-00 on December 15's run: its own reminder told of the charge.
  expect(await remindersOf('77-7201-00')).toEqual([]);

  // The next hour's run, or a retry: each bill is reminded of once.
  clock.advance(3600_000);
  await mail.platform.runJob(REMIND);
  expect(await remindersOf('77-7401-00')).toEqual([{ recipient: 'due.owing@example.com', channel: 'EMAIL', status: 'SENT' }]);
});
