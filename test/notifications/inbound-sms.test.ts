import { loadConfig, openNotificationChannels } from '@platform/gateway';
import { INBOUND_SMS_PATH } from '@platform/notifications';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { getExpectedTwilioSignature } from 'twilio';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { SAVE_PREFERENCES, TEXT_BACK, queueMessage, switchTextsOnConfirmed, textBack, textFrom, textsOn } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * The texts residents send back: a STOP or START texted to a Messaging
 * Service reaches the platform by Twilio's signed webhook and applies at once
 * to every city sending through that service, as Twilio applies it, instead
 * of at the next text Twilio refuses.
 */

const PLATFORM_SERVICE = `MG${'2'.repeat(32)}`;
const NORWALK_SERVICE = `MG${'a'.repeat(32)}`;
const PHONE = '+15625550477';

let smtp: SmtpCatcher;
let platform: TestPlatform;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  // The webhook as the gateway's configuration serves it, with Twilio's account, auth token and Messaging Service set.
  const twilio = { TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: TEXT_BACK.authToken, TWILIO_MESSAGING_SERVICE_SID: PLATFORM_SERVICE };
  const channels = await openNotificationChannels(loadConfig({ ...twilio, SMTP_URL: smtp.url, PUBLIC_URL: TEXT_BACK.publicUrl }).notifications);
  const withoutTwilio = await openNotificationChannels(loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: TEXT_BACK.publicUrl }).notifications);
  await Promise.all([channels.close(), withoutTwilio.close()]);
  expect([channels.settings.inboundSms, withoutTwilio.settings.inboundSms]).toEqual([{ ...TEXT_BACK, messagingServiceSid: PLATFORM_SERVICE }, undefined]);
  platform = await startTestPlatform({ notifications: { smtpUrl: smtp.url, inboundSms: channels.settings.inboundSms } });
  await changeCitySettings(platform, 'norwalk', { sms: { messagingServiceSid: NORWALK_SERVICE } });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
});

const fromPhone = (service: string, body: string, extra: Record<string, string> = {}) => textFrom(PHONE, service, body, extra);
const textIn = (form: Record<string, string>, signature?: string) => textBack(platform, form, signature);

/** A receipt texted to the number as the phone line texts a caller's (no account's choices asked), and what became of it. */
async function receiptTextTo(slug: string): Promise<string> {
  const data = { confirmationNumber: 'WXYZ-ABCD-EFGH', amount: '$12.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $12.00' };
  const id = await queueMessage(platform, slug, { to: PHONE, channel: 'SMS', template: 'PAYMENT_RECEIPT', data });
  await platform.deliverNotifications();
  const [row] = await tenantRows<{ status: string }>(platform, slug, 'SELECT status FROM notification_outbox WHERE id = $1', [id]);
  return row!.status;
}

it('a STOP switches off the texts of every account in the cities of that Messaging Service, and a START switches them on again', async () => {
  const normanResident = registerCustomer(platform.client.asTenant('norman'), { email: 'stops@example.com', username: 'stops', name: 'Pat Stops', phone: '405-555-0177' });
  const norwalkResident = registerCustomer(platform.client.asTenant('norwalk'), { email: 'stops@example.com' });
  const norman = bearer(platform.client.asTenant('norman'), (await normanResident).session);
  const norwalk = bearer(platform.client.asTenant('norwalk'), (await norwalkResident).session);
  await switchTextsOnConfirmed(platform, norman, PHONE);
  await switchTextsOnConfirmed(platform, norwalk, PHONE);

  // Forged, or signed for another form: refused, nothing changed.
  expect(await textIn(fromPhone(PLATFORM_SERVICE, 'STOP'), 'bm90IGEgc2lnbmF0dXJl')).toEqual({ status: 403, body: 'Forbidden' });
  const signedForHelp = getExpectedTwilioSignature(TEXT_BACK.authToken, `${TEXT_BACK.publicUrl}${INBOUND_SMS_PATH}`, fromPhone(PLATFORM_SERVICE, 'HELP'));
  expect((await textIn(fromPhone(PLATFORM_SERVICE, 'STOP'), signedForHelp)).status).toBe(403);
  // HELP, or anything but a keyword, changes nothing.
  for (const body of ['HELP', 'stop texting me about the water bill please']) expect((await textIn(fromPhone(PLATFORM_SERVICE, body))).status).toBe(200);
  expect(await textIn(fromPhone(PLATFORM_SERVICE, 'Ok', { OptOutType: 'HELP' }))).toEqual({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
  expect([await textsOn(norman), await textsOn(norwalk), await receiptTextTo('norman')]).toEqual([true, true, 'SENT']);

  // STOP, as the one word of a text (no Advanced Opt-Out), to the platform's service: Norman sends through it, Norwalk
  // through its own.
  expect((await textIn(fromPhone(PLATFORM_SERVICE, ' stop '))).status).toBe(200);
  expect([await textsOn(norman), await textsOn(norwalk)]).toEqual([false, true]);
  expect([await receiptTextTo('norman'), await receiptTextTo('norwalk')]).toEqual(['SUPPRESSED', 'SENT']);
  // Twilio's retry of the same webhook: the same outcome.
  expect((await textIn(fromPhone(PLATFORM_SERVICE, ' stop '))).status).toBe(200);
  expect(await textsOn(norman)).toBe(false);

  // Norwalk's own service, named by Advanced Opt-Out whatever the word.
  await textIn(fromPhone(`MG${'A'.repeat(32)}`, 'Arrêtez', { OptOutType: 'STOP' }));
  expect([await textsOn(norwalk), await receiptTextTo('norwalk')]).toEqual([false, 'SUPPRESSED']);

  // START to the platform's service: texts to the number go again in Norman, and the resident's texts, which the STOP
  // switched off, are on again; Norwalk's service was not told.
  await textIn(fromPhone(PLATFORM_SERVICE, 'START', { OptOutType: 'START' }));
  expect([await receiptTextTo('norman'), await receiptTextTo('norwalk')]).toEqual(['SENT', 'SUPPRESSED']);
  expect([await textsOn(norman), await textsOn(norwalk)]).toEqual([true, false]);
});

it('a START switches texts on again only where the STOP switched them off and the user has not chosen about texts since', async () => {
  const resident = async (name: string) => {
    const { session } = await registerCustomer(platform.client.asTenant('norman'), { email: `${name}@example.com`, username: name, name, phone: '405-555-0178' });
    const me = bearer(platform.client.asTenant('norman'), session);
    // Texts on at the number (its code is not entered: the STOP switches off texts waiting for a code as well).
    await me.data(SAVE_PREFERENCES, { input: { smsOptIn: true, smsPhone: PHONE } });
    return me;
  };
  const [choseTextsOff, choseOtherThings] = [await resident('texts-off'), await resident('other-things')];
  await textIn(fromPhone(PLATFORM_SERVICE, 'STOP'));
  expect([await textsOn(choseTextsOff), await textsOn(choseOtherThings)]).toEqual([false, false]);
  await choseTextsOff.data(SAVE_PREFERENCES, { input: { smsOptIn: false } });
  await choseOtherThings.data(SAVE_PREFERENCES, { input: { autopayReminders: false } });

  await textIn(fromPhone(PLATFORM_SERVICE, 'START'));
  expect([await textsOn(choseTextsOff), await textsOn(choseOtherThings)]).toEqual([false, true]);
});

it('changes nothing for a text to a service no city sends through, or from no number', async () => {
  const before = await tenantRows(platform, 'norman', 'SELECT channel, address FROM notification_suppressions ORDER BY address');
  expect((await textIn(fromPhone(`MG${'f'.repeat(32)}`, 'STOP'))).status).toBe(200);
  expect((await textIn(fromPhone(PLATFORM_SERVICE, 'STOP', { From: 'not a number' }))).status).toBe(200);
  expect(await tenantRows(platform, 'norman', 'SELECT channel, address FROM notification_suppressions ORDER BY address')).toEqual(before);
});

it('answers only POST', async () => {
  const response = await fetch(`http://127.0.0.1:${platform.gateway.port}${INBOUND_SMS_PATH}`);
  expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST']);
});
