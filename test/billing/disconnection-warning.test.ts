import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { linkedResident } from '../customers/linked-resident';
import { tenantRows } from '../customers/customer-api';
import { RESEND, deliverThroughCatcher, platformWithMailCatcher } from '../notifications/notification-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { BILL_HEADER, importCsv, openAccount, signInStaff } from './billing-api';

/*
 * A household whose service the city may now disconnect is told so before anyone is sent to cut it off: the hourly
 * sweep that flags an account past due beyond the city's rules (Norwalk: 30 days and $50.00) emails each resident who
 * linked it, in their language, what is past due and that paying it keeps the service on. Found by review: the sweep
 * flagged accounts silently, and the resident's accounts page said nothing either, so the first a household heard was
 * the crew at the meter.
 */

// Monday 2026-11-23, 10:00 in Norwalk: October's bill (due October 22) is 32 days past due.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const mail = platformWithMailCatcher({ clock, jobs: true });
let admin: GraphQLTestClient;
beforeAll(async () => {
  admin = await signInStaff(mail.platform, 'norwalk', 'ADMIN');
});

const RUN_SWEEP = 'mutation { runDisconnectionSweep { markedEligible cleared } }';

/** An account owing October's $60.00 (past due) and November's $40.00 (not yet due), with a linked resident per `residents`. */
async function owingAccount(accountNumber: string, house: string, residents: readonly { readonly email: string; readonly locale: 'EN' | 'ES' }[]): Promise<string> {
  await openAccount(admin, { accountNumber, addressLine1: `${house} Imperial Hwy` });
  const bills = [`${accountNumber}-OCT,${accountNumber},2026-10-01,2026-10-22,40.00,15.00,5.00`, `${accountNumber}-NOV,${accountNumber},2026-11-15,2026-12-06,25.00,10.00,5.00`];
  expect((await importCsv(admin, [BILL_HEADER, ...bills].join('\n'))).imported).toBe(2);
  let accountId = '';
  for (const resident of residents) accountId = (await linkedResident(mail.platform, 'norwalk', resident, accountNumber, { serviceHouseNumber: house })).accountId;
  return accountId;
}

/** A guest pays the account's $60.00 past due by card. */
async function payPastDue(accountNumber: string, payerEmail: string): Promise<void> {
  const paid = await pay(mail.platform.client.asTenant('norwalk'), { idempotencyKey: newKey(), allocations: [{ accountNumber, amount: '60.00' }], token: await cardToken(mail.platform), payerEmail });
  expect(paid.payment?.status).toBe('CAPTURED');
}

const warningsOf = (accountNumber: string) =>
  tenantRows<{ recipient: string; status: string }>(
    mail.platform,
    'norwalk',
    "SELECT recipient, status FROM notification_outbox WHERE template = 'DISCONNECTION_WARNING' AND account_number = $1 ORDER BY recipient",
    [accountNumber],
  );

it('warns each resident who linked an account the sweep flags, in their language, with what keeps the service on, and only once', async () => {
  await owingAccount('77-6101-00', '6101', [
    { email: 'warned.en@example.com', locale: 'EN' },
    { email: 'warned.es@example.com', locale: 'ES' },
  ]);
  await mail.platform.runJob('billing.disconnection-sweep');

  const delivered = await deliverThroughCatcher(mail.platform, mail.smtp);
  const to = (email: string) => delivered.filter((m) => m.envelopeTo.includes(email)).map((m) => ({ subject: m.parsed.subject, text: m.parsed.text }));
  const [english] = to('warned.en@example.com');
  expect(english?.subject).toBe('Past due: City of Norwalk may disconnect your service');
  expect(english?.text).toContain('Your account ending in 0 1 0 0 is $60.00 past due, so City of Norwalk may disconnect its service for non-payment.');
  expect(english?.text).toContain('Pay the $60.00 past due to keep your service on.');
  expect(english?.text).toContain('You can also pay by phone at 888-647-2502.');
  expect(english?.text).toMatch(/Pay now: https?:\/\/\S+\/account\?tenant=norwalk&lang=en/);
  expect(english?.text).not.toContain('77-6101-00');

  const [spanish] = to('warned.es@example.com');
  expect(spanish?.subject).toBe('Pago vencido: City of Norwalk podría desconectar su servicio');
  expect(spanish?.text).toContain('Su cuenta terminada en 0 1 0 0 tiene $60.00 vencidos');

  // The sweep runs every hour: an account it flagged already is not warned again.
  await mail.platform.runJob('billing.disconnection-sweep');
  expect(await warningsOf('77-6101-00')).toEqual([
    { recipient: 'warned.en@example.com', status: 'SENT' },
    { recipient: 'warned.es@example.com', status: 'SENT' },
  ]);
});

it('withdraws a warning not yet sent once the account is paid', async () => {
  await owingAccount('77-6102-00', '6102', [{ email: 'paid.quickly@example.com', locale: 'EN' }]);
  // Staff run the sweep from the console (the same warning as the schedule's); the relay is down, so it waits.
  expect((await admin.data<{ runDisconnectionSweep: { markedEligible: number } }>(RUN_SWEEP)).runDisconnectionSweep.markedEligible).toBeGreaterThanOrEqual(1);
  expect(await warningsOf('77-6102-00')).toEqual([{ recipient: 'paid.quickly@example.com', status: 'PENDING' }]);

  await payPastDue('77-6102-00', 'paid.quickly@example.com');
  expect((await admin.data<{ runDisconnectionSweep: { cleared: number } }>(RUN_SWEEP)).runDisconnectionSweep.cleared).toBeGreaterThanOrEqual(1);

  expect(await warningsOf('77-6102-00')).toEqual([{ recipient: 'paid.quickly@example.com', status: 'SUPPRESSED' }]);
  const delivered = await mail.deliveredTo('paid.quickly@example.com');
  expect(delivered.map((message) => message.subject).filter((subject) => subject.startsWith('Past due'))).toEqual([]);
});

it('lets staff resend a sent warning while it holds, never once the account has caught up', async () => {
  await owingAccount('77-6104-00', '6104', [{ email: 'asks.again@example.com', locale: 'EN' }]);
  await mail.platform.runJob('billing.disconnection-sweep');
  expect(await mail.deliveredTo('asks.again@example.com')).toHaveLength(1);
  const [sent] = await tenantRows<{ id: string }>(mail.platform, 'norwalk', "SELECT id FROM notification_outbox WHERE template = 'DISCONNECTION_WARNING' AND account_number = '77-6104-00'");
  type Resent = { resendNotification: { notification: { template: string } | null; userErrors: { code: string; message: string }[] } };
  // "I never got it": the account is still past due, so the warning still holds.
  expect((await admin.data<Resent>(RESEND, { id: sent!.id })).resendNotification.notification?.template).toBe('DISCONNECTION_WARNING');
  await mail.deliveredTo('asks.again@example.com');

  await payPastDue('77-6104-00', 'asks.again@example.com');
  await mail.platform.runJob('billing.disconnection-sweep');
  expect((await admin.data<Resent>(RESEND, { id: sent!.id })).resendNotification).toEqual({
    notification: null,
    userErrors: [
      {
        field: ['id'],
        code: 'NOTIFICATION_NOT_RESENDABLE',
        message: 'This message warns that the city may disconnect the account, which no longer holds: it caught up since. It cannot be sent again.',
      },
    ],
  });
});

it('queues nothing for an account nobody linked: the city has no address for its household here', async () => {
  await owingAccount('77-6103-00', '6103', []);
  await mail.platform.runJob('billing.disconnection-sweep');
  const [flagged] = await tenantRows<{ status: string }>(mail.platform, 'norwalk', 'SELECT status FROM service_accounts WHERE account_number = $1', ['77-6103-00']);
  expect(flagged?.status).toBe('DISCONNECT_ELIGIBLE');
  expect(await warningsOf('77-6103-00')).toEqual([]);
});
