/** The telephony providers a city's line may be on: each signs its webhooks its own way (webhook-signature.ts). */
export const PHONE_PROVIDERS = ['twilio', 'telnyx', 'signalwire'] as const;
export type PhoneProvider = (typeof PHONE_PROVIDERS)[number];

/**
 * What the phone line needs from configuration (the gateway reads it from
 * the environment: PHONE_PROVIDERS, PHONE_AUTH_TOKENS, PHONE_AUTH_TOKEN, PHONE_PAY_CONNECTOR,
 * PHONE_PUBLIC_URL, PHONE_ANSWER_WITHIN_MS, PHONE_MAX_HOLDS).
 */
export interface PhoneSettings {
  /** The provider of each city's line by slug; a city missing here is on Twilio. */
  readonly providers: Readonly<Record<string, PhoneProvider>>;
  /**
   * The key each city's webhooks are signed with, by slug, as its provider
   * names it: Twilio's auth token, SignalWire's signing key, or Telnyx's
   * public key (base64). A city missing here uses `defaultAuthToken` (a
   * Twilio or SignalWire city only); with neither, its webhooks are refused.
   */
  readonly authTokens: Readonly<Record<string, string>>;
  readonly defaultAuthToken: string | null;
  /** The name the Generic Pay Connector has at the provider (`<Pay paymentConnector>`). */
  readonly payConnector: string;
  /**
   * The platform's public base URL as the provider calls it
   * (https://pay.example.com), since signatures cover the full URL. It may
   * have a path, where a proxy serves the platform under one
   * (https://example.gov/payments, the proxy taking the path off): the
   * call's action URLs carry it. No query or fragment, no trailing slash.
   * Unset: taken from the request's Host (and, behind a trusted proxy,
   * X-Forwarded-Proto/Host).
   */
  readonly publicUrl: string | null;
  /**
   * How long a webhook waits for a payment before it answers "please hold"
   * and redirects the call back to look again. The provider gives up on a
   * webhook after 15 s (Twilio), and a payment may wait on the processor
   * longer: the token, then the charge, each up to the processor's timeout.
   */
  readonly answerWithinMs: number;
  /** How many holds a caller is asked for before the line says what it knows: a payment being confirmed, or none confirmed. */
  readonly maxHolds: number;
}

/** The development auth token (never accepted in production, where PHONE_AUTH_TOKEN has no default). */
export const DEV_PHONE_AUTH_TOKEN = 'dev-phone-auth-token-change-me';

export const DEFAULT_PHONE_SETTINGS: PhoneSettings = Object.freeze({
  providers: Object.freeze({}),
  authTokens: Object.freeze({}),
  defaultAuthToken: DEV_PHONE_AUTH_TOKEN,
  payConnector: 'platform_pay_connector',
  publicUrl: null,
  answerWithinMs: 8_000,
  // Six waits of 8 s with the first webhook's: about 48 s in all, longer than a payment's two processor calls take.
  maxHolds: 5,
});

/** The key a city's webhooks are signed with, or null when none is configured (the default is a shared secret: no Telnyx public key). */
export function authTokenFor(settings: PhoneSettings, slug: string): string | null {
  return settings.authTokens[slug] ?? (providerFor(settings, slug) === 'telnyx' ? null : settings.defaultAuthToken);
}

/** The provider a city's line is on. */
export function providerFor(settings: PhoneSettings, slug: string): PhoneProvider {
  return settings.providers[slug] ?? 'twilio';
}

/**
 * The slugs PHONE_PROVIDERS and PHONE_AUTH_TOKENS name that no city has (of `cities`' slugs), sorted: a slug mistyped
 * there leaves the city it meant on the defaults (Twilio, the shared token), so that its provider's every webhook is
 * refused, or checked with a key nobody meant for it, without a word. The gateway refuses to start on any.
 */
export function unknownPhoneCities(settings: PhoneSettings, cities: readonly string[]): string[] {
  const known = new Set(cities);
  return [...new Set([...Object.keys(settings.providers), ...Object.keys(settings.authTokens)])].filter((slug) => !known.has(slug)).sort();
}
