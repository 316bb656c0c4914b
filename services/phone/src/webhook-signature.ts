import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { requestHeader, signedByTwilio, type HttpRouteContext } from '@platform/api';
import type { PhoneProvider } from './phone-settings';

/*
 * Each provider in the TwiML model signs its webhooks its own way, and a city's are checked only its provider's way:
 * - Twilio: X-Twilio-Signature, base64 HMAC-SHA1 with the auth token over the URL called and the form's sorted pairs.
 * - SignalWire (cXML): X-SignalWire-Signature, the same HMAC with the project's signing key.
 * - Telnyx (TeXML): telnyx-signature-ed25519, base64 Ed25519 with the account's key pair, over
 *   `<telnyx-timestamp>|<raw body>`; the key configured is the account's public key (base64, 32 bytes). The signature
 *   covers the timestamp, not the URL: a signed request stays good for as long as its timestamp is believed, so one
 *   older (or newer) than TELNYX_TOLERANCE_SECONDS is refused, and a replay within it is a webhook sent again, which
 *   the call's `seq` answers with its last answer.
 */

/** How far a Telnyx timestamp may be from our clock, either way (Telnyx's own libraries allow 300 s). */
export const TELNYX_TOLERANCE_SECONDS = 300;

/** A webhook as it arrived: what each scheme signs. */
export interface ArrivedWebhook {
  readonly req: IncomingMessage;
  readonly route: HttpRouteContext;
  readonly publicUrl: string | null;
  readonly form: Record<string, string>;
  readonly body: string;
}

/** Why a webhook was refused, for the log (never the signature or the key). */
export type SignatureRefusal = 'NO_KEY' | 'NO_SIGNATURE' | 'BAD_SIGNATURE' | 'STALE_TIMESTAMP';

/** Whether `webhook` carries `provider`'s signature made with `key`; otherwise why not. */
export function checkSignature(provider: PhoneProvider, key: string | null, webhook: ArrivedWebhook): true | SignatureRefusal {
  if (key === null) return 'NO_KEY';
  switch (provider) {
    case 'twilio':
    case 'signalwire': {
      const header = provider === 'twilio' ? 'x-twilio-signature' : 'x-signalwire-signature';
      if (!requestHeader(webhook.req, header)) return 'NO_SIGNATURE';
      return signedByTwilio(webhook.req, webhook.route, webhook.publicUrl, [key], webhook.form, header) || 'BAD_SIGNATURE';
    }
    case 'telnyx':
      return signedByTelnyx(key, webhook);
  }
}

function signedByTelnyx(key: string, webhook: ArrivedWebhook): true | SignatureRefusal {
  const signature = requestHeader(webhook.req, 'telnyx-signature-ed25519');
  const timestamp = requestHeader(webhook.req, 'telnyx-timestamp');
  if (!signature || !timestamp) return 'NO_SIGNATURE';
  const publicKey = telnyxPublicKey(key);
  if (publicKey === null) return 'NO_KEY';
  if (!/^\d{1,12}$/.test(timestamp)) return 'BAD_SIGNATURE';
  const signed = verify(null, Buffer.from(`${timestamp}|${webhook.body}`, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  if (!signed) return 'BAD_SIGNATURE';
  // Checked after the signature, so a stale timestamp is told apart only for requests Telnyx did sign (a replay).
  const skewSeconds = Math.abs(webhook.route.clock.now().getTime() / 1000 - Number(timestamp));
  return skewSeconds <= TELNYX_TOLERANCE_SECONDS || 'STALE_TIMESTAMP';
}

/** An account's Ed25519 public key as Telnyx shows it (base64 of its 32 bytes); null when `key` is none. */
export function telnyxPublicKey(key: string): KeyObject | null {
  const raw = Buffer.from(key, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== key) return null;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  } catch {
    return null;
  }
}
