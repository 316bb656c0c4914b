import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { outboxRow, queueMessage, platformWithMailCatcher } from './notification-api';
import { headerOf, type CaughtMessage } from './smtp-catcher';

/*
 * The kinds of email a resident may switch off (autopay reminders, new bill notices) say
 * how in the message itself: List-Unsubscribe with List-Unsubscribe-Post
 * (RFC 8058, what Gmail and Yahoo require of bulk senders), whose address a
 * mail program POSTs to without signing in. Receipts, which cannot be
 * switched off, carry neither. Messages go through a real SMTP server and
 * are parsed as a mail client would (mailparser).
 */

const env = platformWithMailCatcher((smtp) => ({ notifications: { smtpUrl: smtp.url } }));

const PREFERENCES = '{ notificationPreferences { autopayReminders smsOptIn smsPhone } }';
const REMINDER = { template: 'AUTOPAY_REMINDER', data: { accountNumber: '10-1001-00', message: 'Your automatic payment of $40.00 will be taken on December 15.' } } as const;
const RECEIPT = {
  template: 'PAYMENT_RECEIPT',
  data: { confirmationNumber: 'WXYZ-ABCD-EFGH', amount: '$12.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $12.00' },
} as const;

const caught = (id: string): CaughtMessage => {
  const message = env.smtp.accepted.find((m) => (m.parsed.messageId ?? '').includes(id));
  if (!message) throw new Error(`message ${id} was not delivered`);
  return message;
};
/** The address a message's List-Unsubscribe names (at PUBLIC_URL, https://billing.test here). */
const listUnsubscribe = (message: CaughtMessage): URL => {
  const value = headerOf(message, 'List-Unsubscribe');
  const match = /^<(https:\/\/billing\.test\/[^>]+)>$/.exec(value ?? '');
  if (!match) throw new Error(`no one-click address in List-Unsubscribe: ${JSON.stringify(value)}`);
  return new URL(match[1]!);
};
/** That address on this platform's gateway. */
const oneClickUrl = (message: CaughtMessage): URL => {
  const named = listUnsubscribe(message);
  return new URL(`${named.pathname}${named.search}`, env.platform.gateway.url);
};
/** What a mail provider sends on the recipient's click (RFC 8058 section 3.1). */
const oneClick = (url: URL) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
const withParam = (url: URL, name: string, value: string) => {
  const changed = new URL(url);
  changed.searchParams.set(name, value);
  return changed;
};

async function resident(email: string) {
  const { session, user } = await registerCustomer(env.platform.client.asTenant('norwalk'), { email });
  const me = bearer(env.platform.client.asTenant('norwalk'), session);
  return { user, preferences: async () => (await me.data<{ notificationPreferences: { autopayReminders: boolean } }>(PREFERENCES)).notificationPreferences.autopayReminders };
}

it('a reminder carries a one-click List-Unsubscribe and a link to the settings page; a receipt carries neither', async () => {
  const { user } = await resident('headers@example.com');
  const reminder = await queueMessage(env.platform, 'norwalk', { to: 'headers@example.com', userId: user.id, ...REMINDER });
  const receipt = await queueMessage(env.platform, 'norwalk', { to: 'headers@example.com', userId: user.id, ...RECEIPT });
  await env.platform.deliverNotifications();
  expect(await outboxRow(env.platform, 'norwalk', reminder)).toMatchObject({ status: 'SENT' });
  expect(await outboxRow(env.platform, 'norwalk', receipt)).toMatchObject({ status: 'SENT' });

  expect(headerOf(caught(reminder), 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  const address = listUnsubscribe(caught(reminder));
  expect({ path: address.pathname, tenant: address.searchParams.get('tenant'), user: address.searchParams.get('user'), kind: address.searchParams.get('kind') }).toEqual({
    path: '/notifications/unsubscribe',
    tenant: 'norwalk',
    user: user.id,
    kind: 'AUTOPAY_REMINDER',
  });
  // The footer's link is to the settings, which the resident signs in to; the one-click address is for mail programs only.
  const text = caught(reminder).parsed.text ?? '';
  expect(text).toContain('Stop these reminders: https://billing.test/account/profile?tenant=norwalk');
  expect(text).not.toContain('/notifications/unsubscribe');

  expect([headerOf(caught(receipt), 'List-Unsubscribe'), headerOf(caught(receipt), 'List-Unsubscribe-Post')]).toEqual([null, null]);
  expect(caught(receipt).parsed.text).not.toContain('Stop these reminders');
});

it('a POST to the address switches reminders off for that user (once or twice), and the next reminder is not sent; receipts still go', async () => {
  const { user, preferences } = await resident('one-click@example.com');
  const first = await queueMessage(env.platform, 'norwalk', { to: 'one-click@example.com', userId: user.id, ...REMINDER });
  await env.platform.deliverNotifications();
  const url = oneClickUrl(caught(first));

  const response = await oneClick(url);
  expect({ status: response.status, body: await response.text() }).toEqual({ status: 200, body: expect.stringContaining('no more of these emails') });
  expect(await preferences()).toBe(false);
  // A second click, or the provider retrying: the same answer, nothing else changed.
  expect((await oneClick(url)).status).toBe(200);
  expect(await preferences()).toBe(false);
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT autopay_reminders, sms_opt_in FROM notification_preferences WHERE user_id = $1', [user.id])).toEqual([
    { autopay_reminders: false, sms_opt_in: false },
  ]);

  const next = await queueMessage(env.platform, 'norwalk', { to: 'one-click@example.com', userId: user.id, ...REMINDER });
  const receipt = await queueMessage(env.platform, 'norwalk', { to: 'one-click@example.com', userId: user.id, ...RECEIPT });
  await env.platform.deliverNotifications();
  expect(await outboxRow(env.platform, 'norwalk', next)).toMatchObject({ status: 'SUPPRESSED', failure_reason: 'UNSUBSCRIBED' });
  expect(env.smtp.received.some((messageId) => messageId.includes(next))).toBe(false);
  expect(await outboxRow(env.platform, 'norwalk', receipt)).toMatchObject({ status: 'SENT' });
});

it('a forged or altered address is refused and changes nothing; a GET (a mail scanner following the link) changes nothing either', async () => {
  const { user, preferences } = await resident('forged@example.com');
  const other = await resident('bystander@example.com');
  const reminder = await queueMessage(env.platform, 'norwalk', { to: 'forged@example.com', userId: user.id, ...REMINDER });
  await env.platform.deliverNotifications();
  const url = oneClickUrl(caught(reminder));

  const token = url.searchParams.get('token')!;
  const refused = {
    forgedToken: withParam(url, 'token', `${token.slice(0, -2)}AA`),
    noToken: withParam(url, 'token', ''),
    anotherUser: withParam(url, 'user', other.user.id),
    anotherCity: withParam(url, 'tenant', 'norman'),
    anotherKind: withParam(url, 'kind', 'PAYMENT_RECEIPT'),
    unknownCity: withParam(url, 'tenant', 'nowhere'),
  };
  const statuses: Record<string, number> = {};
  for (const [name, altered] of Object.entries(refused)) statuses[name] = (await oneClick(altered)).status;
  expect(statuses).toEqual({ forgedToken: 403, noToken: 403, anotherUser: 403, anotherCity: 403, anotherKind: 404, unknownCity: 404 });

  const scanned = await fetch(url);
  expect({ status: scanned.status, body: await scanned.text() }).toEqual({ status: 200, body: expect.stringContaining('account settings') });
  expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);

  expect([await preferences(), await other.preferences()]).toEqual([true, true]);
  for (const slug of ['norwalk', 'norman']) {
    expect(await tenantRows(env.platform, slug, 'SELECT user_id FROM notification_preferences WHERE user_id IN ($1, $2)', [user.id, other.user.id])).toEqual([]);
  }
});

it('the answer is in the language the email was in: a Spanish reminder is answered in Spanish in an English-first city', async () => {
  const { user } = await resident('en-espanol@example.com');
  const reminder = await queueMessage(env.platform, 'norwalk', { to: 'en-espanol@example.com', userId: user.id, locale: 'es', ...REMINDER });
  await env.platform.deliverNotifications();
  const url = oneClickUrl(caught(reminder));

  const scanned = await fetch(url);
  expect(await scanned.text()).toContain('inicie sesión y desactívelos');
  const response = await oneClick(url);
  expect({ status: response.status, body: await response.text() }).toEqual({ status: 200, body: expect.stringContaining('ya no recibirá estos correos') });
  // A link sent before the language rode along, or one naming a language the city does not speak: the city's default.
  for (const lang of [null, 'fr']) {
    const altered = new URL(url);
    if (lang === null) altered.searchParams.delete('lang');
    else altered.searchParams.set('lang', lang);
    expect(await (await oneClick(altered)).text()).toContain('no more of these emails');
  }
});
