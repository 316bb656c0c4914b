import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioSmsSender } from '@platform/notifications';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { outboxRow, queueMessage, readForm } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * Texts through Twilio's Messaging API, as the platform sends them in
 * production: the platform's Twilio sender, against a stand-in of Twilio's REST API
 * in this process (TWILIO_API_URL), which answers as Twilio does: 201 with a
 * message SID, 400 with Twilio's error code 21610 for a number that replied
 * STOP, 503 when Twilio is having a bad moment, 400 with 21701 while the
 * platform's Messaging Service is missing (deleted or recreated in Twilio's
 * console); and, for two numbers, a 201 whose body is not Twilio's (a proxy's
 * page, JSON without a SID).
 */

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-0123456789';
const MESSAGING_SERVICE_SID = `MG${'2'.repeat(32)}`;
const UNSUBSCRIBED_NUMBER = '+15625550199';
const FLAKY_NUMBER = '+15625550177';
const PROXIED_NUMBER = '+15625550133';
const SIDLESS_NUMBER = '+15625550134';
/** The number whose texts find the Messaging Service missing (as every number would: one here, so the other tests are not refused). */
const SERVICE_MISSING_NUMBER = '+15625550161';

interface ReceivedText {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly form: Record<string, string>;
}

let twilioApi: Server;
const received: ReceivedText[] = [];
let flakyFailures = 1;
let messagingServiceMissing = true;
let smtp: SmtpCatcher;
let platform: TestPlatform;

beforeAll(async () => {
  twilioApi = createServer((req, res) => {
    void readForm(req).then((form) => {
      received.push({ path: req.url ?? '', authorization: req.headers.authorization, form });
      const json = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (form.To === UNSUBSCRIBED_NUMBER) return json(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 });
      if (form.To === FLAKY_NUMBER && flakyFailures-- > 0) return json(503, { code: 20503, message: 'Service unavailable', status: 503 });
      if (form.To === SERVICE_MISSING_NUMBER && messagingServiceMissing) return json(400, { code: 21701, message: 'The Messaging Service does not exist', status: 400 });
      if (form.To === PROXIED_NUMBER) return res.writeHead(201, { 'content-type': 'text/html' }).end('<html><body>Created</body></html>');
      if (form.To === SIDLESS_NUMBER) return json(201, { status: 'accepted', to: form.To });
      json(201, { sid: `SM${String(received.length).padStart(32, '0')}`, status: 'accepted', to: form.To, body: form.Body });
    });
  });
  await new Promise<void>((resolve) => twilioApi.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(twilioApi.address() as AddressInfo).port}`;
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({
    notifications: {
      smtpUrl: smtp.url,
      sms: createTwilioSmsSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, messagingServiceSid: MESSAGING_SERVICE_SID, apiUrl }),
      // A retry a second away: with the test default (20 ms), a pass slowed by a busy machine took the retry itself.
      delivery: { retryBaseMs: 1_000, retryMaxMs: 1_000 },
    },
  });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
  await new Promise((resolve) => twilioApi.close(resolve));
});

const RECEIPT = { confirmationNumber: 'ABCD-EFGH-JKMN', amount: '$313.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $313.00' };

it('sends a receipt text through the Messages API with the account’s credentials and the city’s Messaging Service', async () => {
  const id = await queueMessage(platform, 'norwalk', { channel: 'SMS', to: '+15625550142', template: 'PAYMENT_RECEIPT', data: RECEIPT });
  expect(await platform.deliverNotifications()).toMatchObject({ sent: 1 });
  const text = received.find((request) => request.form.To === '+15625550142')!;
  expect(text.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
  expect(text.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
  expect(text.form).toEqual({ To: '+15625550142', MessagingServiceSid: MESSAGING_SERVICE_SID, Body: expect.stringContaining('ABCD-EFGH-JKMN') });
  expect(text.form.Body).toContain('$313.00');
  expect(text.form.Body).not.toMatch(/\d{13,19}/);
  expect(await outboxRow(platform, 'norwalk', id)).toMatchObject({ status: 'SENT', attempts: 1 });
});

it('marks a number that replied STOP (21610) undeliverable at once, and sends it nothing more', async () => {
  const first = await queueMessage(platform, 'norwalk', { channel: 'SMS', to: UNSUBSCRIBED_NUMBER, template: 'PAYMENT_RECEIPT', data: RECEIPT });
  await platform.deliverNotifications();
  expect(await outboxRow(platform, 'norwalk', first)).toMatchObject({ status: 'FAILED', attempts: 1, failure_reason: 'BOUNCED' });
  const tries = received.filter((request) => request.form.To === UNSUBSCRIBED_NUMBER).length;

  const second = await queueMessage(platform, 'norwalk', { channel: 'SMS', to: UNSUBSCRIBED_NUMBER, template: 'PAYMENT_RECEIPT', data: RECEIPT });
  await platform.deliverNotifications();
  expect(await outboxRow(platform, 'norwalk', second)).toMatchObject({ status: 'SUPPRESSED', failure_reason: 'ADDRESS_UNDELIVERABLE' });
  expect(received.filter((request) => request.form.To === UNSUBSCRIBED_NUMBER)).toHaveLength(tries);
});

it('retries a text Twilio could not take (503), and sends it once it can', async () => {
  const id = await queueMessage(platform, 'norwalk', { channel: 'SMS', to: FLAKY_NUMBER, template: 'PAYMENT_RECEIPT', data: RECEIPT });
  await platform.deliverNotifications();
  expect(await outboxRow(platform, 'norwalk', id)).toMatchObject({ status: 'PENDING', attempts: 1 });
  // The retry is due about a second later (this file's back-off).
  for (const end = Date.now() + 10_000; (await outboxRow(platform, 'norwalk', id)).status !== 'SENT' && Date.now() < end;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await platform.deliverNotifications();
  }
  expect(await outboxRow(platform, 'norwalk', id)).toMatchObject({ status: 'SENT', attempts: 2 });
  expect(received.filter((request) => request.form.To === FLAKY_NUMBER)).toHaveLength(2);
});

it('waits out a text refused for the platform’s own Messaging Service (21701), not a refusal of the number, spending no attempt, and sends it once the service is fixed', async () => {
  const id = await queueMessage(platform, 'norwalk', { channel: 'SMS', to: SERVICE_MISSING_NUMBER, template: 'PAYMENT_RECEIPT', data: RECEIPT });
  await platform.deliverNotifications();
  const refused = await outboxRow(platform, 'norwalk', id);
  expect({ status: refused.status, attempts: refused.attempts, failure_reason: refused.failure_reason, last_error: refused.last_error }).toEqual({
    status: 'PENDING',
    attempts: 0,
    failure_reason: null,
    last_error: 'Twilio refused the platform: 21701 The Messaging Service does not exist',
  });

  messagingServiceMissing = false;
  // The retry is due about a second later (this file's back-off).
  for (const end = Date.now() + 10_000; (await outboxRow(platform, 'norwalk', id)).status !== 'SENT' && Date.now() < end;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await platform.deliverNotifications();
  }
  expect(await outboxRow(platform, 'norwalk', id)).toMatchObject({ status: 'SENT', attempts: 1, failure_reason: null });
});

it.each([
  ['a page instead of JSON (a proxy in the way)', PROXIED_NUMBER],
  ['JSON without a message SID', SIDLESS_NUMBER],
])('records a text Twilio took (201) as sent once, though its answer was %s, and never sends it again', async (_, to) => {
  const id = await queueMessage(platform, 'norwalk', { channel: 'SMS', to, template: 'PAYMENT_RECEIPT', data: RECEIPT });
  expect(await platform.deliverNotifications()).toMatchObject({ sent: 1, retrying: 0 });
  expect(await outboxRow(platform, 'norwalk', id)).toMatchObject({ status: 'SENT', attempts: 1, failure_reason: null, last_error: null });
  // No SID came back: none is recorded rather than one made up.
  const [row] = await tenantRows<{ provider_message_id: string | null }>(platform, 'norwalk', 'SELECT provider_message_id FROM notification_outbox WHERE id = $1', [id]);
  expect(row).toEqual({ provider_message_id: null });

  await platform.deliverNotifications();
  expect(received.filter((request) => request.form.To === to)).toHaveLength(1);
});
