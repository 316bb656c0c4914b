import { FixedClock, TEST_METRICS_TOKEN } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer, tenantRows, type UserErrorShape } from '../customers/customer-api';
import { VOID, cardToken, newKey, pay } from '../payments/payments-api';
import { CONFIRM_SMS_PHONE, RESEND, deliverUntil, latestPhoneCode, outboxRow, queueMessage, switchTextsOnConfirmed, platformWithMailCatcher } from './notification-api';

/*
 * What staff see of delivery (ADMIN: messages by recipient, account, kind
 * and status; resend; FAILED count and the oldest PENDING), and what a
 * resident chooses (autopay reminders off; texts on, with a number).
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithMailCatcher((smtp) => ({ clock, notifications: { smtpUrl: smtp.url } }));

const NOTIFICATIONS = `query N($filter: NotificationFilter, $first: Int, $after: String) {
  notifications(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id recipient template status attempts failureReason lastError accountNumber resentFrom sentAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const STATS = '{ notificationStats { failed pending oldestPendingAt oldestPendingAgeSeconds } }';
const PREFERENCES = `mutation P($input: NotificationPreferencesInput!) {
  updateNotificationPreferences(input: $input) { preferences { autopayReminders smsOptIn smsPhone } userErrors { field code message } }
}`;

interface NotificationNode {
  id: string;
  recipient: string;
  template: string;
  status: string;
  attempts: number;
  failureReason: string | null;
  lastError: string | null;
  accountNumber: string | null;
  resentFrom: string | null;
}
type Page = { notifications: { edges: { cursor: string; node: NotificationNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

describe('staff visibility', () => {
  let bounced: string;
  beforeAll(async () => {
    env.smtp.reply = (_n, to) => (to === 'gone@example.com' ? { code: 550, message: '5.1.1 Mailbox unavailable' } : 'accept');
    bounced = await queueMessage(env.platform, 'norwalk', {
      to: 'gone@example.com',
      template: 'AUTOPAY_FAILED',
      accountNumbers: ['10-1003-00'],
      data: { accountNumber: '10-1003-00', message: 'It did not go through.' },
    });
    await queueMessage(env.platform, 'norwalk', { to: 'fine@example.com', template: 'AUTOPAY_REMINDER', accountNumbers: ['10-1003-00'], data: { accountNumber: '10-1003-00', message: 'Coming up.' } });
    await queueMessage(env.platform, 'norman', { to: 'gone@example.com' });
    await env.platform.deliverNotifications();
  });

  it('ADMIN finds messages by recipient, account, kind and status, newest first, a page at a time', async () => {
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const byRecipient = await admin.data<Page>(NOTIFICATIONS, { filter: { recipient: 'GONE@example.com' } });
    // Norwalk's only: Norman's message to the same address is another city's.
    expect(byRecipient.notifications.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ id: bounced, status: 'FAILED', failureReason: 'BOUNCED', attempts: 1, lastError: expect.stringContaining('Mailbox unavailable'), accountNumber: '10-1003-00' }),
    ]);
    const byAccount = await admin.data<Page>(NOTIFICATIONS, { filter: { accountNumber: '10-1003-00' } });
    // Queued at the same moment (the clock is fixed here): in id order, so sorted for the comparison.
    expect(byAccount.notifications.edges.map((e) => [e.node.recipient, e.node.template, e.node.status]).sort()).toEqual([
      ['fine@example.com', 'AUTOPAY_REMINDER', 'SENT'],
      ['gone@example.com', 'AUTOPAY_FAILED', 'FAILED'],
    ]);
    const byKindAndStatus = await admin.data<Page>(NOTIFICATIONS, { filter: { template: 'AUTOPAY_FAILED', status: 'FAILED' } });
    expect(byKindAndStatus.notifications.edges.map((e) => e.node.id)).toEqual([bounced]);

    const first = await admin.data<Page>(NOTIFICATIONS, { filter: { accountNumber: '10-1003-00' }, first: 1 });
    expect(first.notifications.pageInfo.hasNextPage).toBe(true);
    const second = await admin.data<Page>(NOTIFICATIONS, { filter: { accountNumber: '10-1003-00' }, first: 1, after: first.notifications.pageInfo.endCursor });
    expect([...first.notifications.edges, ...second.notifications.edges].map((e) => e.node.id).sort()).toEqual(byAccount.notifications.edges.map((e) => e.node.id).sort());
    expect(second.notifications.pageInfo.hasNextPage).toBe(false);
    expect((await admin.request(NOTIFICATIONS, { after: 'not-a-cursor' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });

  it("ADMIN finds a resident's texts by the number however it is typed, as the resident gives it", async () => {
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const { session, user } = await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'texts-me@example.com' });
    await switchTextsOnConfirmed(env.platform, bearer(env.platform.client.asTenant('norwalk'), session), '562-555-0147');
    await queueMessage(env.platform, 'norwalk', { to: 'texts-me@example.com', userId: user.id, template: 'AUTOPAY_FAILED', data: { accountNumber: '10-1003-00', message: 'It did not go through.' } });
    await env.platform.deliverNotifications();
    // Both texts were queued at the test clock's one instant, so "newest first" leaves their order open.
    const textsTo = async (recipient: string) =>
      (await admin.data<Page>(NOTIFICATIONS, { filter: { recipient } })).notifications.edges.map((e) => [e.node.recipient, e.node.template, e.node.status]).sort();
    const text = [
      ['+15625550147', 'AUTOPAY_FAILED', 'SENT'],
      ['+15625550147', 'SMS_PHONE_CODE', 'SENT'],
    ];
    for (const typed of ['+15625550147', '562-555-0147', '(562) 555-0147', '5625550147', '+1 562 555 0147']) expect([typed, await textsTo(typed)]).toEqual([typed, text]);
    expect(await textsTo('562-555-0148')).toEqual([]);
  });

  it('SUPPORT and residents may not look', async () => {
    const support = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
    expect((await support.request(NOTIFICATIONS)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await env.platform.client.asTenant('norwalk').request(STATS)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('counts FAILED and tells the age of the oldest PENDING', async () => {
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    // Signing staff in queued messages of its own (invitations and the like): out of the way first.
    await env.platform.deliverNotifications();
    const before = await admin.data<{ notificationStats: { failed: number; pending: number; oldestPendingAgeSeconds: number | null } }>(STATS);
    expect(before.notificationStats).toMatchObject({ failed: 1, pending: 0, oldestPendingAgeSeconds: null });
    await queueMessage(env.platform, 'norwalk', { to: 'waiting@example.com' });
    clock.advance(90_000);
    const after = await admin.data<{ notificationStats: { failed: number; pending: number; oldestPendingAt: string; oldestPendingAgeSeconds: number } }>(STATS);
    expect(after.notificationStats).toMatchObject({ failed: 1, pending: 1, oldestPendingAt: '2026-11-23T18:00:00.000Z', oldestPendingAgeSeconds: 90 });
    await env.platform.deliverNotifications();
  });

  it('the same numbers on /metrics, by city, for alerting', async () => {
    await queueMessage(env.platform, 'norman', { to: 'waiting-in-norman@example.com' });
    clock.advance(30_000);
    const response = await fetch(env.platform.client.httpUrl.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
    const text = await response.text();
    expect(text).toMatch(/^notifications_failed\{city="norwalk"\} 1$/m);
    // Norman's copy to the bounced address failed too (the beforeAll).
    expect(text).toMatch(/^notifications_failed\{city="norman"\} 1$/m);
    // Scraped on the real clock (the database's rows carry the test clock's times): only that a Norman message waits is certain.
    expect(Number(/^notifications_oldest_pending_age_seconds\{city="norman"\} (\S+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    await env.platform.deliverNotifications();
  });

  it('resends a FAILED message as a new one once the address is fixed at the server; refuses a PENDING or unknown one', async () => {
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    env.smtp.reply = () => 'accept';
    const { resendNotification } = await admin.data<{ resendNotification: { notification: NotificationNode | null; userErrors: UserErrorShape[] } }>(RESEND, { id: bounced });
    expect(resendNotification.userErrors).toEqual([]);
    expect(resendNotification.notification).toMatchObject({ status: 'PENDING', resentFrom: bounced, recipient: 'gone@example.com', template: 'AUTOPAY_FAILED' });
    const copy = resendNotification.notification!.id;

    const pending = await admin.data<{ resendNotification: { userErrors: UserErrorShape[] } }>(RESEND, { id: copy });
    expect(pending.resendNotification.userErrors).toEqual([expect.objectContaining({ field: ['id'], code: 'NOTIFICATION_NOT_RESENDABLE' })]);
    const unknown = await admin.data<{ resendNotification: { userErrors: UserErrorShape[] } }>(RESEND, { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.resendNotification.userErrors).toEqual([expect.objectContaining({ code: 'NOTIFICATION_NOT_FOUND' })]);

    // Resending lifted the address's undeliverable mark, so the copy is attempted, and delivered.
    await deliverUntil(env.platform, async () => (await outboxRow(env.platform, 'norwalk', copy)).status !== 'PENDING');
    expect(await outboxRow(env.platform, 'norwalk', copy)).toMatchObject({ status: 'SENT' });
    expect(await outboxRow(env.platform, 'norwalk', bounced)).toMatchObject({ status: 'FAILED', failure_reason: 'BOUNCED' });
  });
});

it('refuses to resend a receipt withdrawn because its payment was voided before it went out', async () => {
  const paid = await pay(env.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '4.00' }],
    token: await cardToken(env.platform),
    payerEmail: 'voided-receipt@example.com',
  });
  expect(paid.payment?.status).toBe('CAPTURED');
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  expect((await admin.data<{ voidPayment: { userErrors: unknown[] } }>(VOID, { input: { paymentId: paid.payment!.id, reason: 'Rung up in error' } })).voidPayment.userErrors).toEqual([]);
  const [receipt] = await tenantRows<{ id: string; status: string; failure_reason: string }>(
    env.platform,
    'norwalk',
    "SELECT id, status, failure_reason FROM notification_outbox WHERE recipient = 'voided-receipt@example.com' AND template = 'PAYMENT_RECEIPT'",
  );
  expect(receipt).toMatchObject({ status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' });

  const { resendNotification } = await admin.data<{ resendNotification: { notification: unknown; userErrors: UserErrorShape[] } }>(RESEND, { id: receipt!.id });
  // Before: a PENDING copy, and 'We received your payment of $4.00' for a payment that was cancelled.
  expect(resendNotification).toEqual({
    notification: null,
    userErrors: [expect.objectContaining({ field: ['id'], code: 'NOTIFICATION_NOT_RESENDABLE', message: expect.stringContaining('withdrawn') })],
  });
  expect(await tenantRows(env.platform, 'norwalk', "SELECT id FROM notification_outbox WHERE recipient = 'voided-receipt@example.com' AND template = 'PAYMENT_RECEIPT'")).toHaveLength(1);
});

describe("a resident's choices", () => {
  it('autopay reminders switched off: the reminder is recorded as not sent; receipts still go', async () => {
    const { session, user } = await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'quiet@example.com' });
    const me = bearer(env.platform.client.asTenant('norwalk'), session);
    const updated = await me.data<{ updateNotificationPreferences: { preferences: unknown; userErrors: unknown[] } }>(PREFERENCES, { input: { autopayReminders: false } });
    expect(updated.updateNotificationPreferences).toEqual({ preferences: { autopayReminders: false, smsOptIn: false, smsPhone: null }, userErrors: [] });

    const reminder = await queueMessage(env.platform, 'norwalk', {
      to: 'quiet@example.com',
      userId: user.id,
      template: 'AUTOPAY_REMINDER',
      data: { accountNumber: '10-1001-00', message: 'Coming up.' },
    });
    const failure = await queueMessage(env.platform, 'norwalk', { to: 'quiet@example.com', userId: user.id, template: 'AUTOPAY_FAILED', data: { accountNumber: '10-1001-00', message: 'Declined.' } });
    await env.platform.deliverNotifications();
    expect(await outboxRow(env.platform, 'norwalk', reminder)).toMatchObject({ status: 'SUPPRESSED', failure_reason: 'UNSUBSCRIBED' });
    expect(await outboxRow(env.platform, 'norwalk', failure)).toMatchObject({ status: 'SENT' });
    expect(env.smtp.received.some((messageId) => messageId.includes(reminder))).toBe(false);
  });

  it('texts, once opted in with a number: a receipt and an autopay failure each go by SMS as well as email', async () => {
    const { session, user } = await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'texts@example.com', locale: 'ES' });
    const me = bearer(env.platform.client.asTenant('norwalk'), session);
    const noNumber = await me.data<{ updateNotificationPreferences: { userErrors: UserErrorShape[] } }>(PREFERENCES, { input: { smsOptIn: true } });
    expect(noNumber.updateNotificationPreferences.userErrors).toEqual([expect.objectContaining({ field: ['input', 'smsPhone'], code: 'REQUIRED' })]);
    // Refused, it wrote nothing: the user still has no saved choices.
    expect(await tenantRows(env.platform, 'norwalk', 'SELECT user_id FROM notification_preferences WHERE user_id = $1', [user.id])).toEqual([]);
    const badNumber = await me.data<{ updateNotificationPreferences: { userErrors: UserErrorShape[] } }>(PREFERENCES, { input: { smsOptIn: true, smsPhone: '12' } });
    expect(badNumber.updateNotificationPreferences.userErrors).toEqual([expect.objectContaining({ field: ['input', 'smsPhone'], code: 'INVALID_PHONE' })]);
    const optedIn = await me.data<{ updateNotificationPreferences: { preferences: unknown } }>(PREFERENCES, { input: { smsOptIn: true, smsPhone: '(562) 555-0142' } });
    expect(optedIn.updateNotificationPreferences.preferences).toEqual({ autopayReminders: true, smsOptIn: true, smsPhone: '+15625550142' });
    await env.platform.deliverNotifications();
    await me.data(CONFIRM_SMS_PHONE, { code: latestPhoneCode(env.platform.sentSms, '+15625550142') });

    await queueMessage(env.platform, 'norwalk', {
      to: 'texts@example.com',
      userId: user.id,
      locale: 'es',
      template: 'PAYMENT_RECEIPT',
      data: { confirmationNumber: 'ABCD-EFGH-JKMN', amount: '$88.05', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Cuenta terminada en 0 1 0 0: $88.05' },
    });
    await queueMessage(env.platform, 'norwalk', {
      to: 'texts@example.com',
      userId: user.id,
      locale: 'es',
      template: 'AUTOPAY_FAILED',
      data: { accountNumber: '10-1001-00', message: 'Su pago automático no se realizó.' },
    });
    await queueMessage(env.platform, 'norwalk', { to: 'texts@example.com', userId: user.id, locale: 'es', template: 'PASSWORD_CHANGED', data: { name: '' } });
    await env.platform.deliverNotifications();
    expect(
      env.platform.sentSms
        .filter((sms) => sms.to === '+15625550142' && !/ is your code /.test(sms.body))
        .map((sms) => sms.body)
        .sort(),
    ).toEqual(['City of Norwalk: Su pago automático no se realizó.', 'City of Norwalk: recibimos su pago ABCD-EFGH-JKMN de $88.05. Se aplicará el 24 de noviembre de 2026.']);

    // Removing the number ends texts.
    const removed = await me.data<{ updateNotificationPreferences: { preferences: unknown } }>(PREFERENCES, { input: { smsPhone: null } });
    expect(removed.updateNotificationPreferences.preferences).toEqual({ autopayReminders: true, smsOptIn: false, smsPhone: null });
  });
});

describe('a number texts cannot go to', () => {
  it('is refused: "+1" in front is held to the North American rules, and a card number is not kept', async () => {
    const { session, user } = await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'wrong-number@example.com' });
    const me = bearer(env.platform.client.asTenant('norwalk'), session);
    type Refused = { updateNotificationPreferences: { userErrors: UserErrorShape[] } };
    const refusal = async (smsPhone: string) =>
      (await me.data<Refused>(PREFERENCES, { input: { smsOptIn: true, smsPhone } })).updateNotificationPreferences.userErrors.map((e) => [e.field.join('.'), e.code]);
    // An area code starting 0 is no North American number, with the country's "+1" or without it.
    expect(await refusal('(062) 555-0100')).toEqual([['input.smsPhone', 'INVALID_PHONE']]);
    expect(await refusal('+1 (062) 555-0100')).toEqual([['input.smsPhone', 'INVALID_PHONE']]);
    // A 15-digit American Express number typed with a "+" has the shape of an E.164 number: refused as a card number, as in a name.
    expect(await refusal('+3782 822463 10005')).toEqual([['input.smsPhone', 'CARD_NUMBER_NOT_ACCEPTED']]);
    expect(await tenantRows(env.platform, 'norwalk', 'SELECT sms_phone FROM notification_preferences WHERE user_id = $1', [user.id])).toEqual([]);
  });
});

describe('consent to texts, as a text goes out', () => {
  const RECEIPT = { confirmationNumber: 'WXYZ-ABCD-EFGH', amount: '$12.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $12.00' };
  const textsTo = (phone: string) => env.platform.sentSms.filter((sms) => sms.to === phone);
  const textRowOf = async (userId: string, phone: string, template = 'PAYMENT_RECEIPT') =>
    (
      await tenantRows<{ status: string; failure_reason: string | null }>(
        env.platform,
        'norwalk',
        `SELECT status, failure_reason FROM notification_outbox WHERE channel = 'SMS' AND template = $3 AND user_id = $1 AND recipient = $2`,
        [userId, phone, template],
      )
    )[0];

  it('a text still waiting when the resident switches texts off, or moves to another number, is not sent; the email is', async () => {
    const { session, user } = await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'changed-mind@example.com' });
    const me = bearer(env.platform.client.asTenant('norwalk'), session);
    await switchTextsOnConfirmed(env.platform, me, '562-555-0181');
    const switchedOff = await queueMessage(env.platform, 'norwalk', { to: 'changed-mind@example.com', userId: user.id, template: 'PAYMENT_RECEIPT', data: RECEIPT });
    await me.data(PREFERENCES, { input: { smsOptIn: false } });
    await env.platform.deliverNotifications();
    expect(await outboxRow(env.platform, 'norwalk', switchedOff)).toMatchObject({ status: 'SENT' });
    expect(await textRowOf(user.id, '+15625550181')).toEqual({ status: 'SUPPRESSED', failure_reason: 'UNSUBSCRIBED' });
    expect(textsTo('+15625550181').filter((sms) => sms.body.includes('WXYZ-ABCD-EFGH'))).toEqual([]);

    await switchTextsOnConfirmed(env.platform, me, '562-555-0182');
    await queueMessage(env.platform, 'norwalk', { to: 'changed-mind@example.com', userId: user.id, template: 'PAYMENT_RECEIPT', data: RECEIPT });
    await me.data(PREFERENCES, { input: { smsPhone: '562-555-0183' } });
    await env.platform.deliverNotifications();
    expect(await textRowOf(user.id, '+15625550182')).toEqual({ status: 'SUPPRESSED', failure_reason: 'UNSUBSCRIBED' });
    expect(textsTo('+15625550182').filter((sms) => sms.body.includes('WXYZ-ABCD-EFGH'))).toEqual([]);
  });

  it("a number that refused the user's texts (STOP) takes them again once the user switches texts back on; one that refused another's does not", async () => {
    const { session, user } = await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'back-on@example.com' });
    const me = bearer(env.platform.client.asTenant('norwalk'), session);
    // As the SMS provider's refusal of a number that answered STOP leaves it: once for a text of this user's, once for another's.
    const refuse = async (phone: string, userId: string | null) => {
      const text = await queueMessage(env.platform, 'norwalk', { to: phone, userId, channel: 'SMS', template: 'AUTOPAY_FAILED', data: { accountNumber: '10-1001-00', message: 'No.' } });
      await tenantRows(env.platform, 'norwalk', `UPDATE notification_outbox SET status = 'FAILED', failure_reason = 'BOUNCED' WHERE id = $1`, [text]);
      await tenantRows(
        env.platform,
        'norwalk',
        `INSERT INTO notification_suppressions (tenant_id, channel, address, reason, detail, notification_id)
         SELECT id, 'SMS', $1, 'BOUNCED', '21610: unsubscribed recipient', $2 FROM tenants WHERE slug = 'norwalk'`,
        [phone, text],
      );
    };
    await refuse('+15625550184', user.id);
    await refuse('+15625550185', null);
    // The number that refused another's texts is not even sent its code, and the resident is told why: it cannot be
    // confirmed, and takes no texts.
    const refusing = await me.data<{ updateNotificationPreferences: { userErrors: UserErrorShape[] } }>(PREFERENCES, { input: { smsOptIn: true, smsPhone: '562-555-0185' } });
    expect(refusing.updateNotificationPreferences.userErrors).toEqual([
      {
        field: ['input', 'smsPhone'],
        code: 'PHONE_REFUSES_TEXTS',
        message: 'This number has refused our texts (someone answered STOP to one), so no code can reach it. Give another number.',
      },
    ]);
    await env.platform.deliverNotifications();
    expect(await textRowOf(user.id, '+15625550185', 'SMS_PHONE_CODE')).toBeUndefined();
    expect(textsTo('+15625550185')).toEqual([]);

    await switchTextsOnConfirmed(env.platform, me, '562-555-0184');
    await queueMessage(env.platform, 'norwalk', { to: 'back-on@example.com', userId: user.id, template: 'PAYMENT_RECEIPT', data: RECEIPT });
    await env.platform.deliverNotifications();
    expect(await textRowOf(user.id, '+15625550184')).toEqual({ status: 'SENT', failure_reason: null });
    expect(textsTo('+15625550184').filter((sms) => sms.body.includes('WXYZ-ABCD-EFGH'))).toHaveLength(1);
  });
});

describe('saves at once', () => {
  it('two saves of different choices at the same moment keep both: neither puts back what the other changed', async () => {
    const { session } = await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'two-tabs@example.com' });
    const me = bearer(env.platform.client.asTenant('norwalk'), session);
    type Saved = { updateNotificationPreferences: { userErrors: unknown[] } };
    for (let round = 0; round < 8; round++) {
      const reminders = round % 2 === 1;
      const texts = round % 2 === 0;
      // One tab switches reminders, the other texts, each naming only its own choice.
      const saved = await Promise.all([
        me.data<Saved>(PREFERENCES, { input: { autopayReminders: reminders } }),
        me.data<Saved>(PREFERENCES, { input: texts ? { smsOptIn: true, smsPhone: '(562) 555-0177' } : { smsOptIn: false } }),
      ]);
      expect(saved.map((s) => s.updateNotificationPreferences.userErrors)).toEqual([[], []]);
      const { notificationPreferences } = await me.data<{ notificationPreferences: unknown }>('{ notificationPreferences { autopayReminders smsOptIn } }');
      expect({ round, ...(notificationPreferences as object) }).toEqual({ round, autopayReminders: reminders, smsOptIn: texts });
    }
  });
});

describe('cities apart', () => {
  it("Norman's ADMIN neither sees nor resends Norwalk's messages, and the tables refuse rows of another city", async () => {
    const norwalkMessage = await queueMessage(env.platform, 'norwalk', { to: 'only-norwalk@example.com' });
    await env.platform.deliverNotifications();
    const normanAdmin = await signInStaff(env.platform, 'norman', 'ADMIN');
    const seen = await normanAdmin.data<Page>(NOTIFICATIONS, { filter: { recipient: 'only-norwalk@example.com' } });
    expect(seen.notifications.edges).toEqual([]);
    const resent = await normanAdmin.data<{ resendNotification: { userErrors: UserErrorShape[] } }>(RESEND, { id: norwalkMessage });
    expect(resent.resendNotification.userErrors).toEqual([expect.objectContaining({ code: 'NOTIFICATION_NOT_FOUND' })]);

    const [norwalk] = await env.platform.db.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug = 'norwalk'`);
    const [norman] = await env.platform.db.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug = 'norman'`);
    for (const [table, columns, values] of [
      ['notification_suppressions', '(tenant_id, channel, address, reason)', `($1, 'EMAIL', 'x@example.com', 'BOUNCED')`],
      ['notification_preferences', '(tenant_id, user_id)', '($1, gen_random_uuid())'],
      ['notification_outbox', '(tenant_id, id, created_at, channel, recipient, locale, template, data)', `($1, gen_random_uuid(), now(), 'EMAIL', 'x@example.com', 'en', 'PASSWORD_CHANGED', '{}')`],
    ] as const) {
      const attempt = env.platform.db.transaction(async (manager) => {
        await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [norman!.id]);
        await manager.query(`INSERT INTO ${table} ${columns} VALUES ${values}`, [norwalk!.id]);
      });
      await expect(attempt).rejects.toThrow(/row-level security/);
    }
  });
});
