import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { link } from '../customers/linked-resident';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { RESEND, deliverThroughCatcher, platformWithMailCatcher } from '../notifications/notification-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { APPROVE_RESTORATION, CLOSE_ACCOUNT, MARK_DISCONNECTED, signInStaff, type ClosedAccount } from './billing-api';
import { owingAccount as owingNorwalkAccount, type Resident } from './owing-account';

/*
 * A household is told where its service stands before and after anyone acts on it, as the city would tell it by
 * letter. The hourly sweep that flags an account past due beyond the city's rules (Norwalk: 30 days and $50.00) emails
 * each resident who linked it what of its service is past due and that paying it keeps the service on; staff recording
 * it disconnected tell them the amount due in full, which asks for it back; staff restoring it tell them so. Found by
 * review: all three happened silently, and the resident's accounts page said nothing of the first, so the first a
 * household heard was the crew at the meter.
 */

// Monday 2026-11-23, 10:00 in Norwalk: October's bill (due October 22) is 32 days past due.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const mail = platformWithMailCatcher({ clock, jobs: true });
let admin: GraphQLTestClient;
beforeAll(async () => {
  admin = await signInStaff(mail.platform, 'norwalk', 'ADMIN');
});

const STANDING_CHANGED =
  "This message says where the account's service stood and asks for a payment, which no longer holds: the account caught up, its service was disconnected or restored, or the city closed the account since. It cannot be sent again.";
type Resent = { resendNotification: { notification: { template: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };
const RUN_SWEEP = 'mutation { runDisconnectionSweep { markedEligible cleared } }';

/** An account owing October's $60.00 (past due) and November's $40.00 (not yet due), with a linked resident per `residents`. */
async function owingAccount(accountNumber: string, house: string, residents: readonly Resident[]): Promise<string> {
  return (await owingNorwalkAccount(mail.platform, admin, accountNumber, house, residents)).accountId;
}

/** A guest pays the account by card: by default its $60.00 past due. */
async function payByCard(accountNumber: string, payerEmail: string, amount = '60.00'): Promise<void> {
  const paid = await pay(mail.platform.client.asTenant('norwalk'), { idempotencyKey: newKey(), allocations: [{ accountNumber, amount }], token: await cardToken(mail.platform), payerEmail });
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
  // A third linked it with an address they never proved: the city's mail does not go there.
  const norwalk = mail.platform.client.asTenant('norwalk');
  const unproven = await registerCustomer(norwalk, { email: 'never.proved@example.com', locale: 'EN' }, { proveEmail: false });
  await link(bearer(norwalk, unproven.session), '77-6101-00', { serviceHouseNumber: '6101' });
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

  await payByCard('77-6102-00', 'paid.quickly@example.com');
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
  // "I never got it": the account is still past due, so the warning still holds.
  expect((await admin.data<Resent>(RESEND, { id: sent!.id })).resendNotification.notification?.template).toBe('DISCONNECTION_WARNING');
  await mail.deliveredTo('asks.again@example.com');

  await payByCard('77-6104-00', 'asks.again@example.com');
  await mail.platform.runJob('billing.disconnection-sweep');
  expect((await admin.data<Resent>(RESEND, { id: sent!.id })).resendNotification).toEqual({
    notification: null,
    userErrors: [
      {
        field: ['id'],
        code: 'NOTIFICATION_NOT_RESENDABLE',
        message: STANDING_CHANGED,
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

it('withdraws, and refuses to resend, what asked for money once the city closes the account: it will neither be kept on nor restored', async () => {
  // Found by review: closing an account told nobody, so a warning held up by the relay still went out ("pay $60.00 to
  // keep your service on") to a household that had moved out, and staff could resend "pay $100.00 to have it restored".
  type StatusAnswer = { markAccountDisconnected: { serviceAccount: { status: string } | null } };
  const cutOff = await owingAccount('77-6107-00', '6107', [{ email: 'cut.then.closed@example.com', locale: 'EN' }]);
  await mail.platform.runJob('billing.disconnection-sweep');
  expect((await admin.data<StatusAnswer>(MARK_DISCONNECTED, { id: cutOff })).markAccountDisconnected.serviceAccount?.status).toBe('DISCONNECTED');
  expect((await mail.deliveredTo('cut.then.closed@example.com')).map((message) => message.subject)).toEqual(['Your service is disconnected - City of Norwalk']);
  // Flagged while the relay is down: its warning waits.
  const warned = await owingAccount('77-6106-00', '6106', [{ email: 'moved.out@example.com', locale: 'EN' }]);
  await mail.platform.runJob('billing.disconnection-sweep');
  expect(await warningsOf('77-6106-00')).toEqual([{ recipient: 'moved.out@example.com', status: 'PENDING' }]);

  for (const id of [warned, cutOff]) expect((await admin.data<ClosedAccount>(CLOSE_ACCOUNT, { id })).closeServiceAccount.serviceAccount?.status).toBe('CLOSED');

  expect(await warningsOf('77-6106-00')).toEqual([{ recipient: 'moved.out@example.com', status: 'SUPPRESSED' }]);
  const [disconnected] = await tenantRows<{ id: string }>(mail.platform, 'norwalk', "SELECT id FROM notification_outbox WHERE template = 'SERVICE_DISCONNECTED' AND account_number = '77-6107-00'");
  expect((await admin.data<Resent>(RESEND, { id: disconnected!.id })).resendNotification.userErrors.map((error) => error.message)).toEqual([STANDING_CHANGED]);
});

it('withdraws a disconnection notice not yet sent once the account is paid in full', async () => {
  // Found by review: paying in full opens the restoration request in the payment's own transaction, which told no
  // notice, so one held up by the relay still asked the household for the $100.00 it had just paid.
  const accountId = await owingAccount('77-6108-00', '6108', [{ email: 'paid.in.full@example.com', locale: 'EN' }]);
  await mail.platform.runJob('billing.disconnection-sweep');
  await mail.deliveredTo('paid.in.full@example.com');
  expect((await admin.data<{ markAccountDisconnected: { serviceAccount: { status: string } | null } }>(MARK_DISCONNECTED, { id: accountId })).markAccountDisconnected.serviceAccount?.status).toBe(
    'DISCONNECTED',
  );
  const disconnectionNotice = () =>
    tenantRows<{ id: string; status: string; failure_reason: string | null }>(
      mail.platform,
      'norwalk',
      "SELECT id, status, failure_reason FROM notification_outbox WHERE template = 'SERVICE_DISCONNECTED' AND account_number = '77-6108-00'",
    );
  expect(await disconnectionNotice()).toMatchObject([{ status: 'PENDING' }]);

  await payByCard('77-6108-00', 'paid.in.full@example.com', '100.00');
  const [account] = await tenantRows<{ status: string }>(mail.platform, 'norwalk', 'SELECT status FROM service_accounts WHERE id = $1', [accountId]);
  expect(account?.status).toBe('RESTORATION_PENDING');
  const delivered = await mail.deliveredTo('paid.in.full@example.com');
  expect(delivered.map((message) => message.subject).filter((subject) => subject.startsWith('Your service'))).toEqual([]);
  const [withdrawn] = await disconnectionNotice();
  expect(withdrawn).toMatchObject({ status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' });
  expect((await admin.data<Resent>(RESEND, { id: withdrawn!.id })).resendNotification.notification).toBeNull();
});

it('tells the household the service was disconnected and what brings it back, then that it is restored; what asked for money is not sent again', async () => {
  // Last in the file: the payment has to post, so the clock moves on.
  const accountId = await owingAccount('77-6105-00', '6105', [{ email: 'cut.off@example.com', locale: 'ES' }]);
  await mail.platform.runJob('billing.disconnection-sweep');
  expect((await mail.deliveredTo('cut.off@example.com')).map((message) => message.subject)).toEqual(['Pago vencido: City of Norwalk podría desconectar su servicio']);
  const support = await signInStaff(mail.platform, 'norwalk', 'SUPPORT');
  type StatusAnswer = { serviceAccount: { status: string } | null; userErrors: unknown[] };
  expect((await support.data<{ markAccountDisconnected: StatusAnswer }>(MARK_DISCONNECTED, { id: accountId })).markAccountDisconnected).toEqual({
    serviceAccount: { status: 'DISCONNECTED' },
    userErrors: [],
  });
  const told = await mail.deliveredTo('cut.off@example.com');
  expect(told.map((message) => message.subject)).toEqual(['Su servicio está desconectado - City of Norwalk']);
  expect(told[0]?.text).toContain('City of Norwalk desconectó el servicio de su cuenta terminada en 0 5 0 0 por falta de pago.');
  // The whole balance, November's bill (not yet due) too: what the guest page asks to restore the service.
  expect(told[0]?.text).toContain('Pagar el monto adeudado completo, $100.00, solicita a la ciudad que lo restablezca');
  const sent = async (template: string) =>
    (await tenantRows<{ id: string }>(mail.platform, 'norwalk', 'SELECT id FROM notification_outbox WHERE template = $1 AND account_number = $2', [template, '77-6105-00']))[0]!.id;
  // Disconnected: the warning that the city may disconnect it no longer holds.
  expect((await admin.data<Resent>(RESEND, { id: await sent('DISCONNECTION_WARNING') })).resendNotification.userErrors[0]?.message).toBe(STANDING_CHANGED);

  await payByCard('77-6105-00', 'cut.off@example.com', '100.00');
  // Paid in full, the restoration awaited: the call to pay for the service back no longer holds.
  expect((await admin.data<Resent>(RESEND, { id: await sent('SERVICE_DISCONNECTED') })).resendNotification.userErrors[0]?.message).toBe(STANDING_CHANGED);
  clock.advance(3 * 24 * 3600_000);
  await mail.platform.runJob('payments.post');
  const staff = await signInStaff(mail.platform, 'norwalk', 'ADMIN');
  expect((await staff.data<{ approveRestoration: StatusAnswer }>(APPROVE_RESTORATION, { id: accountId })).approveRestoration).toEqual({
    serviceAccount: { status: 'ACTIVE' },
    userErrors: [],
  });
  const restored = (await mail.deliveredTo('cut.off@example.com')).filter((message) => message.subject.startsWith('Su servicio'));
  expect(restored.map((message) => message.subject)).toEqual(['Su servicio está restablecido - City of Norwalk']);
  expect(restored[0]?.text).toContain('City of Norwalk restableció el servicio de su cuenta terminada en 0 5 0 0.');
  // Restored: the call to pay for the service back no longer holds.
  expect((await staff.data<Resent>(RESEND, { id: await sent('SERVICE_DISCONNECTED') })).resendNotification.userErrors[0]?.message).toBe(STANDING_CHANGED);
});
