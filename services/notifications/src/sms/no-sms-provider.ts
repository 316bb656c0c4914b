import type { SmsSender } from './sms-sender';

/**
 * Production without an SMS provider (TWILIO_* unset): a text cannot be
 * sent, so it fails for good, as NO_SMS_PROVIDER, where staff see it. The
 * development sink would have written it to a file and called it sent.
 */
export function createNoSmsProvider(): SmsSender {
  return {
    description: 'none (TWILIO_* unset): texts fail as NO_SMS_PROVIDER',
    async send() {
      return { kind: 'PERMANENT', reason: 'NO_SMS_PROVIDER', error: 'no SMS provider is configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_MESSAGING_SERVICE_SID)' };
    },
  };
}
