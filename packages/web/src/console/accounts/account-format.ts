import type { Locale } from '../../shared/i18n/translate';

/*
 * Formatting and checking for the accounts pages. Money arrives from the API
 * already formatted (Money.formatted) and in cents as a string; here it is
 * only turned into the dollars-and-cents text a refund form starts with, in
 * BigInt, never through a float.
 */

/**
 * What staff type ("20", "20.5", "1,020.50", "$20.50"; when `signed`, "-25" too) in cents, read as the server reads
 * the amount the page sends (parseMoney in @platform/core: up to 15 whole digits, at most two decimals), in BigInt,
 * never through a float; null when it is not an amount. "12.5" and "12.50" are one amount: 1250n.
 */
export function amountCents(text: string, { signed = false }: { readonly signed?: boolean } = {}): bigint | null {
  const match = /^(-?)(\d{1,15})(?:\.(\d{1,2}))?$/.exec(apiAmount(text));
  if (!match?.[2] || (match[1] && !signed)) return null;
  const cents = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

/** "20", "20.5", "1,020.50" and "$20.50" are dollar amounts; "20.505", "abc" and "" are not. `signed` also takes a leading minus. */
export function isDollarAmount(text: string, options: { readonly signed?: boolean } = {}): boolean {
  return amountCents(text, options) !== null;
}

/** The amount as the API takes it: no dollar sign, no thousands separators. */
export function apiAmount(text: string): string {
  return text.trim().replace(/[$,]/g, '');
}

/** A moment, in the city's time zone (staff work in the city's day, wherever their browser is). */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(`${locale}-US`, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}
