import { loadConfig, openNotificationChannels } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { TEXT_BACK, queueMessage, switchTextsOnConfirmed, textBack, textFrom, textsOn } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * Norwalk texts its residents through the platform's Messaging Service. The
 * operator then gives Norwalk its own Messaging Service (updateTenant sms).
 * A resident answers STOP to the Norwalk receipt they got yesterday, which
 * came from the platform's service: Twilio delivers that STOP to the
 * platform's service. The resident asked Norwalk to stop texting them; the
 * platform must not keep texting them Norwalk's receipts from Norwalk's new
 * service, which Twilio does not block: not their account's, and not one the
 * phone line texts to the number.
 *
 * A START is another matter: texted to the platform's service after a STOP
 * to the city's own, it unblocks the platform's service alone (Twilio's
 * rule), and Norwalk's own service still refuses the number: so must
 * Norwalk's records.
 */

const PLATFORM_SERVICE = `MG${'2'.repeat(32)}`;
const NORWALK_SERVICE = `MG${'a'.repeat(32)}`;
const PHONE = '+15625550488';
const OTHER_PHONE = '+15625550433';
const OTHER_RECEIPT = { confirmationNumber: 'STRT-ABCD-EFGH', amount: '$12.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $12.00' };
const RECEIPT = { confirmationNumber: 'WXYZ-ABCD-EFGH', amount: '$12.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $12.00' };

let smtp: SmtpCatcher;
let platform: TestPlatform;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  const twilio = { TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: TEXT_BACK.authToken, TWILIO_MESSAGING_SERVICE_SID: PLATFORM_SERVICE };
  const channels = await openNotificationChannels(loadConfig({ ...twilio, SMTP_URL: smtp.url, PUBLIC_URL: TEXT_BACK.publicUrl }).notifications);
  await channels.close();
  platform = await startTestPlatform({ notifications: { smtpUrl: smtp.url, inboundSms: channels.settings.inboundSms } });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
});

it("a STOP answered to a city's text after the city moved to its own Messaging Service still stops that city's texts", async () => {
  const { session, user } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'switch.stop@example.com' });
  const me = bearer(platform.client.asTenant('norwalk'), session);
  await switchTextsOnConfirmed(platform, me, PHONE);
  // Yesterday's receipt, texted through the platform's service (Norwalk had none of its own).
  await queueMessage(platform, 'norwalk', { to: 'switch.stop@example.com', userId: user.id, template: 'PAYMENT_RECEIPT', data: RECEIPT });
  await platform.deliverNotifications();
  expect(platform.sentSms.filter((sms) => sms.to === PHONE && sms.body.includes('WXYZ-ABCD-EFGH'))).toHaveLength(1);

  // The operator gives Norwalk its own Messaging Service.
  await changeCitySettings(platform, 'norwalk', { sms: { messagingServiceSid: NORWALK_SERVICE } });

  // The resident replies STOP to that receipt: it reaches the service the receipt came from, the platform's.
  expect((await textBack(platform, textFrom(PHONE, PLATFORM_SERVICE, 'STOP'))).status).toBe(200);

  // Norwalk's next receipt for their account, and one the phone line texts to the number, must not be texted to them.
  await queueMessage(platform, 'norwalk', { to: 'switch.stop@example.com', userId: user.id, template: 'PAYMENT_RECEIPT', data: { ...RECEIPT, confirmationNumber: 'QRST-ABCD-EFGH' } });
  await queueMessage(platform, 'norwalk', { to: PHONE, channel: 'SMS', template: 'PAYMENT_RECEIPT', data: { ...RECEIPT, confirmationNumber: 'LMNP-ABCD-EFGH' } });
  await platform.deliverNotifications();
  const texted = await tenantRows<{ number: string; status: string }>(
    platform,
    'norwalk',
    `SELECT data->>'confirmationNumber' AS number, status FROM notification_outbox WHERE channel = 'SMS' AND template = 'PAYMENT_RECEIPT' AND data->>'confirmationNumber' <> 'WXYZ-ABCD-EFGH'`,
  );
  // Their account's texts are off, so its receipt is not texted at all; the number refuses Norwalk's texts, so the phone line's is held back.
  expect({ textsOn: await textsOn(me), texted, sent: platform.sentSms.filter((sms) => /QRST|LMNP/.test(sms.body)).length }).toEqual({
    textsOn: false,
    texted: [{ number: 'LMNP-ABCD-EFGH', status: 'SUPPRESSED' }],
    sent: 0,
  });
});

it("a STOP to the platform's service leaves alone a city that has only ever texted the number through its own", async () => {
  const { session } = await registerCustomer(platform.client.asTenant('norman'), { email: 'own.service@example.com', username: 'ownservice', name: 'Own Service', phone: '405-555-0189' });
  const me = bearer(platform.client.asTenant('norman'), session);
  const phone = '+14055550189';
  await changeCitySettings(platform, 'norman', { sms: { messagingServiceSid: `MG${'b'.repeat(32)}` } });
  await switchTextsOnConfirmed(platform, me, phone);

  expect((await textBack(platform, textFrom(phone, PLATFORM_SERVICE, 'STOP'))).status).toBe(200);
  expect(await textsOn(me)).toBe(true);
});

it("a START to the platform's service does not undo a STOP the number sent to the city's own service", async () => {
  const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'start.elsewhere@example.com' });
  const me = bearer(platform.client.asTenant('norwalk'), session);
  // Confirmed by a code texted through the platform's service (Norwalk has none of its own: given back after the first test).
  await changeCitySettings(platform, 'norwalk', { sms: { messagingServiceSid: null } });
  await switchTextsOnConfirmed(platform, me, OTHER_PHONE);
  await changeCitySettings(platform, 'norwalk', { sms: { messagingServiceSid: NORWALK_SERVICE } });

  // STOP to Norwalk's own service: Norwalk's texts stop.
  expect((await textBack(platform, textFrom(OTHER_PHONE, NORWALK_SERVICE, 'STOP'))).status).toBe(200);
  expect(await textsOn(me)).toBe(false);

  // START to the platform's service: Twilio unblocks the platform's service, not Norwalk's.
  expect((await textBack(platform, textFrom(OTHER_PHONE, PLATFORM_SERVICE, 'START'))).status).toBe(200);

  await queueMessage(platform, 'norwalk', { to: OTHER_PHONE, channel: 'SMS', template: 'PAYMENT_RECEIPT', data: OTHER_RECEIPT });
  await platform.deliverNotifications();
  const [receipt] = await tenantRows<{ status: string }>(platform, 'norwalk', `SELECT status FROM notification_outbox WHERE data->>'confirmationNumber' = 'STRT-ABCD-EFGH'`);
  expect({ textsOn: await textsOn(me), receipt: receipt?.status }).toEqual({ textsOn: false, receipt: 'SUPPRESSED' });
});
