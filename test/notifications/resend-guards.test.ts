import { FixedClock } from '@platform/testkit';
import { CANCEL, at, autopayPayments, enroll, newCustomer, openAccountWithBill, type Customer } from '../autopay/autopay-api';
import { signInStaff } from '../billing/billing-api';
import { tenantRows, type UserErrorShape } from '../customers/customer-api';
import { RESEND, platformWithMailCatcher, queueMessage } from './notification-api';
import { VOID, cardToken, newKey, pay } from '../payments/payments-api';

/*
 * resendNotification refuses a receipt withdrawn before it went out because
 * its payment was voided ("its news no longer holds"). A receipt that went
 * out before the void is resent all the same: the resident, who was told the
 * payment was cancelled, is told again "we received your payment". So is an
 * autopay reminder after the resident cancelled autopay, or once its
 * deduction day has come: "will be charged" of a charge that will not be
 * made, or already was.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: true });

it('refuses to resend the receipt of a payment voided since the receipt went out', async () => {
  const paid = await pay(env.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '4.00' }],
    token: await cardToken(env.platform),
    payerEmail: 'receipt-then-void@example.com',
  });
  expect(paid.payment?.status).toBe('CAPTURED');
  const first = await env.deliveredTo('receipt-then-void@example.com');
  expect(first.map((m) => m.subject)).toEqual([expect.stringContaining('Payment receipt')]);

  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  expect((await admin.data<{ voidPayment: { userErrors: unknown[] } }>(VOID, { input: { paymentId: paid.payment!.id, reason: 'Rung up in error' } })).voidPayment.userErrors).toEqual([]);
  const voidNotice = await env.deliveredTo('receipt-then-void@example.com');
  expect(voidNotice.map((m) => m.text).join('\n')).toMatch(/cancel/i);

  const [receipt] = await tenantRows<{ id: string; status: string }>(
    env.platform,
    'norwalk',
    "SELECT id, status FROM notification_outbox WHERE recipient = 'receipt-then-void@example.com' AND template = 'PAYMENT_RECEIPT'",
  );
  expect(receipt!.status).toBe('SENT');

  const { resendNotification } = await admin.data<{ resendNotification: { notification: unknown; userErrors: UserErrorShape[] } }>(RESEND, { id: receipt!.id });
  const resent = await env.deliveredTo('receipt-then-void@example.com');
  // What the resident gets after being told the payment was cancelled.
  expect(resent.map((m) => m.text.split('\n').find((line) => line.includes('$4.00')))).toEqual([]);
  expect(resendNotification).toEqual({ notification: null, userErrors: [expect.objectContaining({ field: ['id'], code: 'NOTIFICATION_NOT_RESENDABLE' })] });
});

it('a second resend while the first copy is still on its way is refused, so a double click does not send the message twice', async () => {
  const id = await queueMessage(env.platform, 'norwalk', { to: 'asked-twice@example.com', template: 'AUTOPAY_FAILED', data: { accountNumber: '10-1003-00', message: 'It did not go through.' } });
  expect(await env.deliveredTo('asked-twice@example.com')).toHaveLength(1);
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const resend = () => admin.data<{ resendNotification: { notification: { id: string } | null; userErrors: UserErrorShape[] } }>(RESEND, { id });
  const first = await resend();
  expect(first.resendNotification.userErrors).toEqual([]);
  // The console still shows the first message as SENT; the clerk clicks Resend again before any delivery pass.
  const second = await resend();
  const arrived = await env.deliveredTo('asked-twice@example.com');
  expect({ copiesDelivered: arrived.length, secondResend: second.resendNotification.userErrors.map((e) => e.code) }).toEqual({ copiesDelivered: 1, secondResend: ['NOTIFICATION_NOT_RESENDABLE'] });
});

it('two resends at once (two clerks, or a double click) make one copy: the original is locked while the first is made', async () => {
  const id = await queueMessage(env.platform, 'norwalk', { to: 'asked-at-once@example.com', template: 'AUTOPAY_FAILED', data: { accountNumber: '10-1003-00', message: 'It did not go through.' } });
  expect(await env.deliveredTo('asked-at-once@example.com')).toHaveLength(1);
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const resend = () => admin.data<{ resendNotification: { notification: { id: string } | null; userErrors: UserErrorShape[] } }>(RESEND, { id });
  const answers = await Promise.all([resend(), resend()]);
  expect(answers.map((a) => a.resendNotification.userErrors.map((e) => e.code)).sort()).toEqual([[], ['NOTIFICATION_NOT_RESENDABLE']]);
  const copies = await tenantRows<{ n: string }>(env.platform, 'norwalk', 'SELECT count(*)::text AS n FROM notification_outbox WHERE resent_from = $1', [id]);
  expect(copies[0]!.n).toBe('1');
});

describe('an autopay reminder whose deduction will not be made as it says', () => {
  /** Norwalk deducts on the 15th and reminds 3 days before; both enrol in November, for December's deduction. */
  let rosa: Customer;
  let theo: Customer;
  type Resent = { resendNotification: { notification: { id: string } | null; userErrors: UserErrorShape[] } };
  /** A staff session started now: tokens last 15 minutes of the platform's clock, which these tests move by days. */
  const resend = async (id: string) => (await (await signInStaff(env.platform, 'norwalk', 'ADMIN')).data<Resent>(RESEND, { id })).resendNotification;
  const reminders = (customer: Customer) =>
    tenantRows<{ id: string; status: string; resent_from: string | null }>(
      env.platform,
      'norwalk',
      `SELECT id, status, resent_from FROM notification_outbox WHERE recipient = $1 AND template = 'AUTOPAY_REMINDER' ORDER BY created_at, id`,
      [customer.email],
    );
  const chargesTo = async (customer: Customer, accountNumber: string) =>
    (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === customer.accounts[accountNumber]).map((p) => p.status);
  const toldWillBeCharged = async (customer: Customer) => (await env.deliveredTo(customer.email)).filter((m) => m.text.includes('will be charged'));

  beforeAll(async () => {
    at(clock, '2026-11-23T18:00:00Z');
    await openAccountWithBill(env.platform, '10-2201-00', '60.00');
    await openAccountWithBill(env.platform, '10-2202-00', '70.00');
    rosa = await newCustomer(env.platform, { email: 'rosa.resend@example.com', accounts: ['10-2201-00'] });
    theo = await newCustomer(env.platform, { email: 'theo.resend@example.com', accounts: ['10-2202-00'] });
    for (const [customer, accountNumber] of [
      [rosa, '10-2201-00'],
      [theo, '10-2202-00'],
    ] as const) {
      const enrolled = await enroll(await customer.client(), { serviceAccountId: customer.accounts[accountNumber]!, paymentMethodId: customer.cardId });
      expect([enrolled.userErrors, enrolled.firstDeductionDate]).toEqual([[], '2026-12-15']);
    }
    // Rosa's mailbox refuses her reminder; Theo's arrives.
    env.smtp.reply = (_n, to) => (to === rosa.email ? { code: 550, message: '5.1.1 Mailbox unavailable' } : 'accept');
    at(clock, '2026-12-12T16:10:00Z');
    await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
    expect(await toldWillBeCharged(theo)).toHaveLength(1);
    expect((await reminders(rosa)).map((r) => r.status)).toEqual(['FAILED']);
  }, 60_000);

  it('refuses to resend, after the resident cancelled autopay, a reminder that had failed, or the copy support made of it before', async () => {
    const [failed] = await reminders(rosa);
    // Support resends it while autopay still stands; the mailbox still refuses the copy.
    expect((await resend(failed!.id)).userErrors).toEqual([]);
    expect(await env.deliveredTo(rosa.email)).toEqual([]);
    const copy = (await reminders(rosa)).find((r) => r.resent_from === failed!.id);
    expect(copy).toMatchObject({ status: 'FAILED' });

    at(clock, '2026-12-13T16:00:00Z');
    const cancelled = await (await rosa.client()).data<{ cancelAutopay: { userErrors: unknown[] } }>(CANCEL, { id: rosa.accounts['10-2201-00'] });
    expect(cancelled.cancelAutopay.userErrors).toEqual([]);

    // Her mailbox works again; support presses "resend" on each.
    env.smtp.reply = () => 'accept';
    const refused = {
      notification: null,
      userErrors: [{ field: ['id'], code: 'NOTIFICATION_NOT_RESENDABLE', message: expect.stringContaining('autopay for the account was cancelled or suspended') }],
    };
    expect([await resend(failed!.id), await resend(copy!.id)]).toEqual([refused, refused]);
    expect(await toldWillBeCharged(rosa)).toEqual([]);
  }, 60_000);

  it('resends a reminder before its deduction day, and refuses to once the day has come', async () => {
    const [sent] = await reminders(theo);
    at(clock, '2026-12-14T17:00:00Z');
    expect((await resend(sent!.id)).userErrors).toEqual([]);
    expect(await toldWillBeCharged(theo)).toHaveLength(1);

    at(clock, '2026-12-15T08:10:00Z');
    await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
    // Theo is charged as his reminder said; Rosa, who cancelled, is not: the charge her reminder announced never came.
    expect({ theo: await chargesTo(theo, '10-2202-00'), rosa: await chargesTo(rosa, '10-2201-00') }).toEqual({ theo: ['CAPTURED'], rosa: [] });

    at(clock, '2026-12-15T17:00:00Z');
    expect(await resend(sent!.id)).toEqual({
      notification: null,
      userErrors: [{ field: ['id'], code: 'NOTIFICATION_NOT_RESENDABLE', message: expect.stringContaining('has come') }],
    });
    expect(await toldWillBeCharged(theo)).toEqual([]);
  }, 60_000);
});
