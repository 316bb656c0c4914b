import type { Locale } from '../../shared/i18n/translate';

/** A moment, in the city's time zone (staff work in the city's day, wherever their browser is). */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(`${locale}-US`, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}
