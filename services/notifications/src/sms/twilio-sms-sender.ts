import type { SendOutcome } from '../delivery/send-outcome';
import type { SmsSender } from './sms-sender';

export interface TwilioSettings {
  readonly accountSid: string;
  readonly authToken: string;
  /** The platform's Messaging Service (it picks the sending number and handles STOP/HELP replies), for cities without their own. */
  readonly messagingServiceSid: string;
  /** Where Twilio's REST API answers (default https://api.twilio.com): a Twilio-compatible API, or a stand-in in tests. */
  readonly apiUrl?: string;
}

/** Twilio error codes that say this number will never take our texts: the address is marked undeliverable. */
const UNREACHABLE_NUMBER_CODES = new Set([21211, 21214, 21610, 21612, 21614]);

/**
 * Twilio error codes that refuse the platform's own account, Messaging
 * Service or sender, whatever the number: the configuration is wrong (a
 * service deleted or recreated in the console, a sender taken out of it, a
 * region not enabled, the account suspended), and every text fails the same
 * way until it is fixed.
 */
const PLATFORM_REFUSAL_CODES = new Set([
  // The account: not active or suspended (10001, 20005); the Messages resource not found under its SID (20404).
  10001, 20005, 20404,
  // The sender the Messaging Service picked: not the account's, not a Twilio number, not SMS-capable, or its queue full.
  21212, 21601, 21606, 21611, 21659, 21660, 21661,
  // The account's geographic permissions do not include the destination's country.
  21408,
  // The Messaging Service: does not exist or is not the account's (21701), has no sender to use (21703, 21704),
  // its SID is malformed (21705, 30127) or missing (30124), or a sender is not in it (21711).
  21701, 21703, 21704, 21705, 21711, 30124, 30127,
]);

/**
 * Texts through Twilio's Messaging API: one POST to its Messages resource,
 * made here rather than through the twilio client, because a send must end
 * by its deadline and the client's calls take no AbortSignal (its timeout,
 * one per client, bounds only the wait for an answer to begin). A slow
 * Twilio could otherwise keep a send going past its claim while another
 * worker sends the text again.
 *
 * Twilio takes no idempotency key for sending, so a text may go twice in two
 * ways: a send cut off at its deadline after Twilio took the request but
 * before its answer came (the outcome unknown, it is retried as a temporary
 * failure), and a worker that dies between Twilio's answer and the outcome's
 * commit. Never while another worker holds the claim: retrying the unknown
 * beats losing a receipt.
 */
export function createTwilioSmsSender(settings: TwilioSettings): SmsSender {
  const apiUrl = (settings.apiUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const messagesUrl = `${apiUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
  return {
    description: `Twilio Messaging (${settings.messagingServiceSid})`,
    async send(sms, deadline): Promise<SendOutcome> {
      try {
        const response = await fetch(messagesUrl, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ To: sms.to, MessagingServiceSid: sms.messagingServiceSid ?? settings.messagingServiceSid, Body: sms.body }),
          signal: deadline,
        });
        const answer = await readAnswer(response);
        // A 2xx is Twilio taking the text, whatever its body says (a proxy's page, an answer cut short): retrying would send it twice.
        // Without a SID none is recorded, rather than one made up.
        if (response.ok) return { kind: 'SENT', providerMessageId: answer.sid };
        return classifyTwilioError({ status: response.status, code: answer.code, message: answer.message ?? response.statusText });
      } catch (error) {
        if (deadline.aborted) return { kind: 'TEMPORARY', error: `no answer from Twilio before the send's deadline (its claim was about to lapse): ${describe(error)}` };
        return classifyTwilioError(error);
      }
    },
  };
}

/**
 * What a failed send means, by who was refused, as for email
 * (classifySmtpError). A refusal of the platform (its credentials, 401 and
 * 403; its account, Messaging Service or sender, by Twilio's error code) is
 * its configuration, not the resident's number: RELAY_UNAVAILABLE, waited out
 * without spending the text's attempts, so the texts go out once it is fixed,
 * and never a bounce. A number that cannot take texts
 * is a bounce; any other 4xx refuses this message for good. 429, 5xx and no
 * answer are worth another try.
 */
export function classifyTwilioError(error: unknown): SendOutcome {
  const { status, code, message } = (error ?? {}) as { status?: number; code?: number; message?: string };
  const text = `${code ?? status ?? ''} ${message ?? String(error)}`.trim().slice(0, 500);
  if (refusesPlatform(status, code)) return { kind: 'RELAY_UNAVAILABLE', error: `Twilio refused the platform: ${text}` };
  if (typeof code === 'number' && UNREACHABLE_NUMBER_CODES.has(code)) return { kind: 'PERMANENT', reason: 'BOUNCED', error: text };
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429) return { kind: 'PERMANENT', reason: 'REJECTED', error: text };
  return { kind: 'TEMPORARY', error: text };
}

/** Refused the account's credentials (401, 403), or the account, Messaging Service or sender by code. */
function refusesPlatform(status: number | undefined, code: number | undefined): boolean {
  if (status === 401 || status === 403) return true;
  return typeof code === 'number' && PLATFORM_REFUSAL_CODES.has(code);
}

/** The fields of Twilio's answer the sender reads, each only if it has Twilio's type: the body may not be Twilio's at all. */
interface TwilioAnswer {
  readonly sid: string | null;
  readonly code: number | undefined;
  readonly message: string | undefined;
}

async function readAnswer(response: Response): Promise<TwilioAnswer> {
  const body: unknown = await response.json().catch(() => null);
  const { sid, code, message } = (typeof body === 'object' && body !== null ? body : {}) as { sid?: unknown; code?: unknown; message?: unknown };
  return {
    sid: typeof sid === 'string' && sid !== '' ? sid : null,
    code: typeof code === 'number' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
