import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioSmsSender } from '@platform/notifications';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { outboxRow, queueMessage, readForm, switchTextsOnConfirmed } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * Whether a message may go is decided right before its send, not once for
 * the whole claim: a delivery pass takes up to a batch of messages and sends
 * them a few at a time (one lane here, so a claim's messages go one after
 * another, as a busy pass's later messages wait behind earlier ones). Texts
 * go to a stand-in of Twilio's Messages API that treats opt-outs as Twilio
 * does: a number that replied STOP is refused (21610) until it replies START.
 */

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-0123456789';
const MESSAGING_SERVICE_SID = `MG${'2'.repeat(32)}`;

const texts: Record<string, string>[] = [];
/** Numbers that replied STOP (and not START since). */
const optedOut = new Set<string>();
/** A number whose text the stand-in answers only once released. */
let holdFor: { to: string; arrived: () => void; release: Promise<void> } | null = null;
let twilioApi: Server;
let smtp: SmtpCatcher;
let platform: TestPlatform;

function answer(req: IncomingMessage, res: ServerResponse): void {
  void readForm(req).then(async (form) => {
    texts.push(form);
    const json = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (optedOut.has(form.To ?? '')) return json(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 });
    if (holdFor && holdFor.to === form.To) {
      const held = holdFor;
      held.arrived();
      await held.release;
    }
    json(201, { sid: `SM${String(texts.length).padStart(32, '0')}`, status: 'accepted', to: form.To, body: form.Body });
  });
}

beforeAll(async () => {
  twilioApi = createServer(answer);
  await new Promise<void>((resolve) => twilioApi.listen(0, '127.0.0.1', resolve));
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({
    notifications: {
      smtpUrl: smtp.url,
      sms: createTwilioSmsSender({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        messagingServiceSid: MESSAGING_SERVICE_SID,
        apiUrl: `http://127.0.0.1:${(twilioApi.address() as AddressInfo).port}`,
      }),
      delivery: { concurrency: 1 },
    },
  });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
  await new Promise((resolve) => twilioApi.close(resolve));
});

const PREFERENCES = `mutation P($input: NotificationPreferencesInput!) {
  updateNotificationPreferences(input: $input) { preferences { autopayReminders smsOptIn smsPhone } userErrors { field code message } }
}`;
const RECEIPT = { confirmationNumber: 'WXYZ-ABCD-EFGH', amount: '$12.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $12.00' };
/** The texts to `phone` but its confirmation code's. */
const textsTo = (phone: string) => texts.filter((form) => form.To === phone && !/ is your code /.test(form.Body ?? ''));
/** Queued in this order, each due after the one before, so a claim takes them in this order. */
const queuedInOrder = async <T>(queue: () => Promise<T>): Promise<T> => {
  const queued = await queue();
  await new Promise((resolve) => setTimeout(resolve, 20));
  return queued;
};

async function residentWithTexts(email: string, phone: string) {
  const { session, user } = await registerCustomer(platform.client.asTenant('norwalk'), { email });
  const me = bearer(platform.client.asTenant('norwalk'), session);
  await switchTextsOnConfirmed(platform, me, phone, () => texts.map((form) => ({ to: form.To ?? '', body: form.Body ?? '' })));
  return { me, user };
}

async function textRowsOf(userId: string): Promise<{ status: string; failure_reason: string | null }[]> {
  return tenantRows(platform, 'norwalk', `SELECT status, failure_reason FROM notification_outbox WHERE channel = 'SMS' AND user_id = $1 AND template <> 'SMS_PHONE_CODE' ORDER BY next_attempt_at`, [
    userId,
  ]);
}

describe('consent read right before each send', () => {
  it('a text claimed while its resident still wanted texts, waiting behind a slow one when they switch texts off, is SUPPRESSED unsent', async () => {
    const PHONE = '+15625550221';
    const SLOW = '+15625550220';
    const { me, user } = await residentWithTexts('switches-off-mid-pass@example.com', PHONE);
    let arrived!: () => void;
    let release!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    holdFor = { to: SLOW, arrived, release: new Promise<void>((resolve) => (release = resolve)) };
    await queuedInOrder(() => queueMessage(platform, 'norwalk', { channel: 'SMS', to: SLOW, template: 'PAYMENT_RECEIPT', data: RECEIPT }));
    const receipt = await queueMessage(platform, 'norwalk', { to: 'switches-off-mid-pass@example.com', userId: user.id, template: 'PAYMENT_RECEIPT', data: RECEIPT });

    const pass = platform.deliverNotifications();
    await arrival;
    const saved = await me.data<{ updateNotificationPreferences: unknown }>(PREFERENCES, { input: { smsOptIn: false } });
    expect(saved.updateNotificationPreferences).toMatchObject({ preferences: { smsOptIn: false }, userErrors: [] });
    release();
    holdFor = null;
    expect(await pass).toMatchObject({ sent: 2, suppressed: 1 });

    expect(textsTo(SLOW)).toHaveLength(1);
    expect(textsTo(PHONE)).toEqual([]);
    expect(await textRowsOf(user.id)).toEqual([{ status: 'SUPPRESSED', failure_reason: 'UNSUBSCRIBED' }]);
    // The email of the same receipt is not a text: it goes.
    expect(await outboxRow(platform, 'norwalk', receipt)).toMatchObject({ status: 'SENT' });
  });

  it('a mailbox refused in a pass: the next message to it in the same pass is SUPPRESSED, not offered to the server again', async () => {
    const GONE = 'gone-mid-pass@example.com';
    let offered = 0;
    smtp.refuseRecipient = (to) => {
      if (to !== GONE) return null;
      offered++;
      return { code: 550, message: '5.1.1 No such user' };
    };
    try {
      const message = { to: GONE, template: 'AUTOPAY_FAILED' as const, data: { accountNumber: '10-1001-00', message: 'Declined.' } };
      const first = await queuedInOrder(() => queueMessage(platform, 'norwalk', message));
      const second = await queueMessage(platform, 'norwalk', message);
      expect(await platform.deliverNotifications()).toMatchObject({ failed: 1, suppressed: 1 });
      expect(await outboxRow(platform, 'norwalk', first)).toMatchObject({ status: 'FAILED', failure_reason: 'BOUNCED' });
      expect(await outboxRow(platform, 'norwalk', second)).toMatchObject({ status: 'SUPPRESSED', failure_reason: 'ADDRESS_UNDELIVERABLE', attempts: 1 });
      expect(offered).toBe(1);
    } finally {
      smtp.refuseRecipient = () => null;
    }
  });
});

describe('STOP', () => {
  it("switches the resident's texts off (a second text of the same pass is not tried), and switching them on again after START brings texts back", async () => {
    const PHONE = '+15625550241';
    const { me, user } = await residentWithTexts('answered-stop@example.com', PHONE);
    optedOut.add(PHONE);
    await queuedInOrder(() => queueMessage(platform, 'norwalk', { to: 'answered-stop@example.com', userId: user.id, template: 'PAYMENT_RECEIPT', data: RECEIPT }));
    await queueMessage(platform, 'norwalk', { to: 'answered-stop@example.com', userId: user.id, template: 'PAYMENT_RECEIPT', data: RECEIPT });
    await platform.deliverNotifications();

    expect(textsTo(PHONE)).toHaveLength(1);
    expect(await textRowsOf(user.id)).toEqual([
      { status: 'FAILED', failure_reason: 'BOUNCED' },
      { status: 'SUPPRESSED', failure_reason: 'ADDRESS_UNDELIVERABLE' },
    ]);
    // Texts are off, as the resident is told: none will go while the number refuses them.
    const read = await me.data<{ notificationPreferences: unknown }>('{ notificationPreferences { smsOptIn smsPhone } }');
    expect(read.notificationPreferences).toEqual({ smsOptIn: false, smsPhone: PHONE });

    // The resident replies START, then switches texts on again with the same number: the refusal is lifted.
    optedOut.delete(PHONE);
    const saved = await me.data<{ updateNotificationPreferences: unknown }>(PREFERENCES, { input: { smsOptIn: true, smsPhone: PHONE } });
    expect(saved.updateNotificationPreferences).toMatchObject({ preferences: { smsOptIn: true, smsPhone: PHONE }, userErrors: [] });
    await queueMessage(platform, 'norwalk', { to: 'answered-stop@example.com', userId: user.id, template: 'PAYMENT_RECEIPT', data: RECEIPT });
    await platform.deliverNotifications();
    expect((await textRowsOf(user.id)).at(-1)).toEqual({ status: 'SENT', failure_reason: null });
    expect(textsTo(PHONE)).toHaveLength(2);
  });
});
