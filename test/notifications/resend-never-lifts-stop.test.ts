import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows, type UserErrorShape } from '../customers/customer-api';
import { RESEND, TEXT_BACK, queueMessage, textBack, textFrom } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * A number that answered STOP takes no more of the city's texts until it
 * answers START: that is the resident's word (and the law's), and Twilio
 * keeps to it on its side. A clerk's Resend of a text to that number must
 * not lift it: resending lifts an email address's undeliverable mark, which
 * staff fix with the resident, never a number's refusal of texts.
 */

const PLATFORM_SERVICE = `MG${'2'.repeat(32)}`;
const PHONE = '+15625550491';
let smtp: SmtpCatcher;
let platform: TestPlatform;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({ notifications: { smtpUrl: smtp.url, inboundSms: { ...TEXT_BACK, messagingServiceSid: PLATFORM_SERVICE } } });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
});

it('refuses to resend a text to a number that answered STOP, and the number still refuses texts after', async () => {
  const data = { confirmationNumber: 'WXYZ-ABCD-EFGJ', amount: '$12.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $12.00' };
  const receipt = await queueMessage(platform, 'norwalk', { to: PHONE, channel: 'SMS', template: 'PAYMENT_RECEIPT', data });
  await platform.deliverNotifications();
  expect(platform.sentSms.filter((sms) => sms.to === PHONE)).toHaveLength(1);
  expect((await textBack(platform, textFrom(PHONE, PLATFORM_SERVICE, 'STOP'))).status).toBe(200);

  const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  const { resendNotification } = await admin.data<{ resendNotification: { notification: unknown; userErrors: UserErrorShape[] } }>(RESEND, { id: receipt });
  expect(resendNotification).toEqual({
    notification: null,
    userErrors: [{ field: ['id'], code: 'NOTIFICATION_NOT_RESENDABLE', message: expect.stringContaining('answering START') }],
  });

  // The number's refusal stands: the next text to it is held back, and none reached it since the STOP.
  const next = await queueMessage(platform, 'norwalk', { to: PHONE, channel: 'SMS', template: 'PAYMENT_RECEIPT', data });
  await platform.deliverNotifications();
  expect(await tenantRows(platform, 'norwalk', 'SELECT status, failure_reason FROM notification_outbox WHERE id = $1', [next])).toEqual([
    { status: 'SUPPRESSED', failure_reason: 'ADDRESS_UNDELIVERABLE' },
  ]);
  expect(platform.sentSms.filter((sms) => sms.to === PHONE)).toHaveLength(1);
  expect(await tenantRows(platform, 'norwalk', 'SELECT count(*)::int AS copies FROM notification_outbox WHERE resent_from = $1', [receipt])).toEqual([{ copies: 0 }]);
});
