import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioSmsSender } from '@platform/notifications';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { outboxRow, queueMessage, readForm } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * A message that cannot be delivered is logged (warn or info) by the delivery pass: its id, city, template and the
 * relay's or Twilio's words. Those words routinely quote the recipient in full ("550 5.1.1 <jane@example.com>:
 * Recipient address rejected", "The 'To' number +15625550142 is not a valid phone number"), and they were logged as
 * they came: the resident's email address and mobile number went into every log pipeline the platform feeds (log
 * shipping, SIEM, support dashboards), from the gateway, the worker and the CLI alike. The line's notificationId is all
 * an operator needs, and the row, whose lastError staff read, names its recipient beside it: the words are logged and
 * kept with addresses and numbers taken out, their codes and reasons whole, and what the failure means unchanged.
 */

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const MESSAGING_SERVICE_SID = `MG${'2'.repeat(32)}`;
let twilioApi: Server;
let smtp: SmtpCatcher;
let platform: TestPlatform;

beforeAll(async () => {
  twilioApi = createServer((req, res) => {
    void readForm(req).then((form) => {
      const json = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      // Twilio's own wording for these errors quotes the number.
      if (form.To === '+15625550171') return json(400, { code: 21211, message: `The 'To' number ${form.To} is not a valid phone number.`, status: 400 });
      json(201, { sid: `SM${'3'.repeat(32)}`, status: 'accepted', to: form.To });
    });
  });
  await new Promise<void>((resolve) => twilioApi.listen(0, '127.0.0.1', resolve));
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({
    notifications: {
      smtpUrl: smtp.url,
      sms: createTwilioSmsSender({
        accountSid: ACCOUNT_SID,
        authToken: 'twilio-auth-token-0123456789',
        messagingServiceSid: MESSAGING_SERVICE_SID,
        apiUrl: `http://127.0.0.1:${(twilioApi.address() as AddressInfo).port}`,
      }),
      delivery: { retryBaseMs: 60_000, retryMaxMs: 60_000 },
    },
  });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
  await new Promise((resolve) => twilioApi.close(resolve));
});

const logMentioning = (needle: string) => platform.logLines().filter((line) => line.toLowerCase().includes(needle.toLowerCase()));

it("an email the resident's mail server refuses (550, quoting the address) is logged without the resident's full email address", async () => {
  const address = 'maria.gonzalez.bounce@example.com';
  smtp.refuseRecipient = (to) => (to === address ? { code: 550, message: `5.1.1 <${to}>: Recipient address rejected: User unknown in virtual mailbox table` } : null);
  const id = await queueMessage(platform, 'norwalk', { to: address, template: 'PASSWORD_CHANGED' });
  await platform.deliverNotifications();
  const row = await outboxRow(platform, 'norwalk', id);
  expect(row).toMatchObject({ status: 'FAILED', failure_reason: 'BOUNCED', last_error: '550 5.1.1 <[email address]>: Recipient address rejected: User unknown in virtual mailbox table' });
  // The failure is logged (the operator's signal) ...
  expect(platform.logLines().some((line) => line.includes(id))).toBe(true);
  // ... but not with the resident's address in it.
  expect(logMentioning(address)).toEqual([]);
});

it("an email the mail server defers (450, quoting the address) is logged without the resident's full email address", async () => {
  const address = 'deferred.resident@example.com';
  smtp.refuseRecipient = (to) => (to === address ? { code: 450, message: `4.2.1 <${to}>: Recipient address rejected: mailbox temporarily unavailable` } : null);
  const id = await queueMessage(platform, 'norwalk', { to: address, template: 'PASSWORD_CHANGED' });
  await platform.deliverNotifications();
  expect(await outboxRow(platform, 'norwalk', id)).toMatchObject({ status: 'PENDING', last_error: '450 4.2.1 <[email address]>: Recipient address rejected: mailbox temporarily unavailable' });
  expect(platform.logLines().some((line) => line.includes(id))).toBe(true);
  expect(logMentioning(address)).toEqual([]);
});

it("a text Twilio refuses as an invalid number (21211, quoting it) is logged without the resident's mobile number", async () => {
  const id = await queueMessage(platform, 'norwalk', {
    channel: 'SMS',
    to: '+15625550171',
    template: 'PAYMENT_RECEIPT',
    data: { confirmationNumber: 'ABCD-EFGH-JKMN', amount: '$1.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $1.00' },
  });
  await platform.deliverNotifications();
  expect(await outboxRow(platform, 'norwalk', id)).toMatchObject({ status: 'FAILED', failure_reason: 'BOUNCED', last_error: "21211 The 'To' number [phone number] is not a valid phone number." });
  expect(platform.logLines().some((line) => line.includes(id))).toBe(true);
  expect(logMentioning('5625550171')).toEqual([]);
});
