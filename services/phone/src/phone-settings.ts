/**
 * What the phone line needs from configuration (the gateway reads it from
 * the environment: PHONE_AUTH_TOKENS, PHONE_AUTH_TOKEN, PHONE_PAY_CONNECTOR,
 * PHONE_PUBLIC_URL).
 */
export interface PhoneSettings {
  /**
   * The telephony provider's auth token per city slug: webhooks for a city's
   * number must carry an X-Twilio-Signature made with it. A city missing
   * here uses `defaultAuthToken`; with neither, its webhooks are refused.
   */
  readonly authTokens: Readonly<Record<string, string>>;
  readonly defaultAuthToken: string | null;
  /** The name the Generic Pay Connector has at the provider (`<Pay paymentConnector>`). */
  readonly payConnector: string;
  /**
   * The platform's public base URL as the provider calls it
   * (https://pay.example.com), since signatures cover the full URL. Unset:
   * taken from the request's Host (and, behind a trusted proxy, X-Forwarded-Proto/Host).
   */
  readonly publicUrl: string | null;
}

/** The development auth token (never accepted in production, where PHONE_AUTH_TOKEN has no default). */
export const DEV_PHONE_AUTH_TOKEN = 'dev-phone-auth-token-change-me';

export const DEFAULT_PHONE_SETTINGS: PhoneSettings = Object.freeze({
  authTokens: Object.freeze({}),
  defaultAuthToken: DEV_PHONE_AUTH_TOKEN,
  payConnector: 'platform_pay_connector',
  publicUrl: null,
});

/** The auth token a city's webhooks are signed with, or null when none is configured. */
export function authTokenFor(settings: PhoneSettings, slug: string): string | null {
  return settings.authTokens[slug] ?? settings.defaultAuthToken;
}
