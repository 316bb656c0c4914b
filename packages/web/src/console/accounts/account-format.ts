import type { Locale } from '../../shared/i18n/translate';

/*
 * Formatting and checking for the accounts pages. Money arrives from the API
 * already formatted (Money.formatted) and in cents as a string; here it is
 * only turned into the dollars-and-cents text a refund form starts with, in
 * BigInt, never through a float.
 */

/** "20", "20.5", "1,020.50" and "$20.50" are dollar amounts; "20.505", "abc" and "" are not. `signed` also takes a leading minus. */
export function isDollarAmount(text: string, { signed = false }: { readonly signed?: boolean } = {}): boolean {
  const bare = text
    .trim()
    .replace(/^(-?)\$/, '$1')
    .replace(/,/g, '');
  return (signed ? /^-?\d+(\.\d{1,2})?$/ : /^\d+(\.\d{1,2})?$/).test(bare);
}

/** The amount as the API takes it: no dollar sign, no thousands separators. */
export function apiAmount(text: string): string {
  return text.trim().replace(/[$,]/g, '');
}

/** A moment, in the city's time zone (staff work in the city's day, wherever their browser is). */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(`${locale}-US`, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}
