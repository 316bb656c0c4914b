import type { Locale } from '../../shared/i18n/translate';

/**
 * An instant as the city's clock shows it ("Nov 30, 2026, 2:42:11 PM PST"),
 * whatever zone the browser is in: staff compare these with what residents
 * and the city's office saw.
 */
export function cityDateTime(iso: string, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(`${locale}-US`, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD, already the city's date) written for the locale ("Mar 20, 2026"). */
export function cityDate(localDate: string, locale: Locale): string {
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number];
  // Noon UTC on that day, printed in UTC: no zone can move it to another date.
  return new Intl.DateTimeFormat(`${locale}-US`, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }).format(Date.UTC(year, month - 1, day, 12));
}
