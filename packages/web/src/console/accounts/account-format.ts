import type { Locale } from '../../shared/i18n/translate';

/*
 * Formatting and checking for the accounts pages. Money arrives from the API
 * already formatted (Money.formatted) and in cents as a string; here it is
 * only turned into the dollars-and-cents text a refund form starts with, in
 * BigInt, never through a float.
 */

/**
 * What staff type, in dollars with a decimal point: an optional sign and dollar sign ("-$25", "$-25"), whole dollars
 * (up to 15 digits) either bare or grouped in threes by commas, and at most two decimals. A comma groups thousands
 * and nothing else: "12,50" (a decimal comma) is refused, never read as 1250.
 */
const DOLLAR_AMOUNT = /^(?:(-)?\$?|\$(-))(\d{1,15}|\d{1,3}(?:,\d{3}){1,4})(?:\.(\d{1,2}))?$/;

/**
 * What staff type ("20", "20.5", "1,020.50", "$20.50"; when `signed`, "-25" too) in cents, read as the server reads
 * the amount the page sends (parseMoney in @platform/core: up to 15 whole digits, at most two decimals), in BigInt,
 * never through a float; null when it is not an amount. "12.5" and "12.50" are one amount: 1250n.
 */
export function amountCents(text: string, { signed = false }: { readonly signed?: boolean } = {}): bigint | null {
  const match = DOLLAR_AMOUNT.exec(text.trim());
  const negative = Boolean(match?.[1] ?? match?.[2]);
  if (!match?.[3] || (negative && !signed)) return null;
  const cents = BigInt(match[3].replace(/,/g, '')) * 100n + BigInt((match[4] ?? '').padEnd(2, '0'));
  return negative ? -cents : cents;
}

/** "20", "20.5", "1,020.50" and "$20.50" are dollar amounts; "20.505", "12,50", "abc" and "" are not. `signed` also takes a leading minus. */
export function isDollarAmount(text: string, options: { readonly signed?: boolean } = {}): boolean {
  return amountCents(text, options) !== null;
}

/** A moment, in the city's time zone (staff work in the city's day, wherever their browser is). */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(`${locale}-US`, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}
