import { loadConfig, smsSenderFor } from '@platform/gateway';
import { PRODUCTION_ENVIRONMENT } from '../../services/gateway/src/config.fixtures';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { outboxRow, queueMessage } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * Production with no SMS provider configured (TWILIO_* unset): texts fail
 * for good where staff see them. The development sink would have written
 * them to a file and marked them SENT, and nobody would have known.
 */

const PRODUCTION = PRODUCTION_ENVIRONMENT;

let smtp: SmtpCatcher;
let platform: TestPlatform;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({ notifications: { smtpUrl: smtp.url, sms: smsSenderFor(loadConfig(PRODUCTION).notifications) } });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
});

it('fails a text as NO_SMS_PROVIDER, never SENT, and still sends the email beside it', async () => {
  expect(smsSenderFor(loadConfig(PRODUCTION).notifications).description).toMatch(/none \(TWILIO_\* unset\)/);
  const data = { confirmationNumber: 'ABCD-EFGH-JKMN', amount: '$313.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $313.00' };
  const text = await queueMessage(platform, 'norwalk', { channel: 'SMS', to: '+15625550142', template: 'PAYMENT_RECEIPT', data });
  const email = await queueMessage(platform, 'norwalk', { to: 'resident@example.com', template: 'PAYMENT_RECEIPT', data });
  await platform.deliverNotifications();
  expect(await outboxRow(platform, 'norwalk', text)).toMatchObject({ status: 'FAILED', attempts: 1, failure_reason: 'NO_SMS_PROVIDER' });
  expect(await outboxRow(platform, 'norwalk', email)).toMatchObject({ status: 'SENT' });
  expect(smtp.accepted.flatMap((message) => message.envelopeTo)).toContain('resident@example.com');
});

it('writes texts to the development sink outside production only', () => {
  expect(loadConfig({}).notifications.devSmsDir).toMatch(/\.data\/sms$/);
  expect(loadConfig(PRODUCTION).notifications.devSmsDir).toBeNull();
});
