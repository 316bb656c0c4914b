import { loadConfig, openNotificationChannels } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';
import { TEXT_BACK, queueMessage, switchTextsOnConfirmed, textBack, textFrom, textsOn } from './notification-api';

/*
 * Norwalk texted the number through the platform's service (the confirmation code), then moved to its own service.
 * The resident texts STOP to Norwalk's own service: Twilio blocks that service for the number, and Norwalk's records
 * stop its texts. Later the same number texts START to the platform's service (to another city's text, say): Twilio
 * unblocks the platform's service only, and Norwalk's own service still refuses the number, so Norwalk's records
 * must too. (A STOP to a service a city has left does reach it: stop-after-messaging-service-switch.test.ts.)
 */
const PLATFORM_SERVICE = `MG${'2'.repeat(32)}`;
const NORWALK_SERVICE = `MG${'a'.repeat(32)}`;
const PHONE = '+15625550433';
const RECEIPT = { confirmationNumber: 'STRT-ABCD-EFGH', amount: '$12.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account **-**01-00: $12.00' };

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

it("a START to the platform's service does not undo a STOP the number sent to the city's own service", async () => {
  const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'start.elsewhere@example.com' });
  const me = bearer(platform.client.asTenant('norwalk'), session);
  // Confirmed by a code texted through the platform's service (Norwalk has none of its own yet).
  await switchTextsOnConfirmed(platform, me, PHONE);
  await changeCitySettings(platform, 'norwalk', { sms: { messagingServiceSid: NORWALK_SERVICE } });

  // STOP to Norwalk's own service: Norwalk's texts stop.
  expect((await textBack(platform, textFrom(PHONE, NORWALK_SERVICE, 'STOP'))).status).toBe(200);
  expect(await textsOn(me)).toBe(false);

  // START to the platform's service: Twilio unblocks the platform's service, not Norwalk's.
  expect((await textBack(platform, textFrom(PHONE, PLATFORM_SERVICE, 'START'))).status).toBe(200);

  await queueMessage(platform, 'norwalk', { to: PHONE, channel: 'SMS', template: 'PAYMENT_RECEIPT', data: RECEIPT });
  await platform.deliverNotifications();
  const [receipt] = await tenantRows<{ status: string }>(platform, 'norwalk', `SELECT status FROM notification_outbox WHERE data->>'confirmationNumber' = 'STRT-ABCD-EFGH'`);
  // Observed: texts on again, the number's refusal of Norwalk's texts gone, and the receipt sent through the service
  // the number blocked.
  expect({ textsOn: await textsOn(me), receipt: receipt?.status }).toEqual({ textsOn: false, receipt: 'SUPPRESSED' });
});
