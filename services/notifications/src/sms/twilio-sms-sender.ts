import twilio from 'twilio';
import type { SendOutcome } from '../delivery/send-outcome';
import type { SmsSender } from './sms-sender';

export interface TwilioSettings {
  readonly accountSid: string;
  readonly authToken: string;
  /** The Messaging Service that picks the sending number and handles STOP/HELP replies. */
  readonly messagingServiceSid: string;
  /** Where Twilio's REST API answers (default https://api.twilio.com): a Twilio-compatible API, or a stand-in in tests. */
  readonly apiUrl?: string;
}

/** Twilio error codes that say this number will never take our texts: the address is marked undeliverable. */
const UNREACHABLE_NUMBER_CODES = new Set([21211, 21214, 21610, 21612, 21614]);

/**
 * Texts through Twilio's Messaging API. Twilio takes no idempotency key for
 * sending, so, as with SMTP, a worker that dies between Twilio's answer and
 * the outcome's commit may send a text twice; the claim makes that the only
 * way it can.
 */
export function createTwilioSmsSender(settings: TwilioSettings): SmsSender {
  const client = twilio(settings.accountSid, settings.authToken, { autoRetry: false });
  // The REST domain's base URL is a public field of the client; the paths under it are Twilio's own.
  if (settings.apiUrl) client.api.baseUrl = settings.apiUrl.replace(/\/+$/, '');
  return {
    description: `Twilio Messaging (${settings.messagingServiceSid})`,
    async send(sms): Promise<SendOutcome> {
      try {
        const message = await client.messages.create({ to: sms.to, body: sms.body, messagingServiceSid: settings.messagingServiceSid });
        return { kind: 'SENT', providerMessageId: message.sid };
      } catch (error) {
        return classifyTwilioError(error);
      }
    },
  };
}

/** 4xx for the message itself is final (a bad or unsubscribed number is a bounce); 429, 5xx and no answer are worth a retry. */
export function classifyTwilioError(error: unknown): SendOutcome {
  const { status, code, message } = (error ?? {}) as { status?: number; code?: number; message?: string };
  const text = `${code ?? status ?? ''} ${message ?? String(error)}`.trim().slice(0, 500);
  if (typeof code === 'number' && UNREACHABLE_NUMBER_CODES.has(code)) return { kind: 'PERMANENT', reason: 'BOUNCED', error: text };
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429 && status !== 401 && status !== 403) return { kind: 'PERMANENT', reason: 'REJECTED', error: text };
  return { kind: 'TEMPORARY', error: text };
}
