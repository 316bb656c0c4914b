import type { Locale } from './i18n/locale';
import { translate } from './i18n/translate';
import { dateTimeFormat } from './intl-cache';

/** True for IANA zone names this runtime knows ("America/Chicago"); false for offsets and typos. */
export function isValidTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$|^UTC$/.test(name)) return false;
  try {
    dateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical IANA name ("america/chicago" and "US/Central" read as "America/Chicago"); call with a valid zone. */
export function canonicalTimeZone(name: string): string {
  return dateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

const displayNames = new Map<string, string>();

/**
 * "Pacific Time" / "hora del Pacífico": the zone's generic name, for sentences a resident reads.
 * Kept once found: formatting it costs tens of microseconds (a city's tenant query asks for it on
 * every request), and a generic name is the same in summer and winter.
 */
export function timeZoneDisplayName(name: string, locale: string): string {
  const key = `${locale}|${name}`;
  let found = displayNames.get(key);
  if (found === undefined) {
    const parts = dateTimeFormat(locale, { timeZone: name, timeZoneName: 'longGeneric' }).formatToParts(new Date());
    displayNames.set(key, (found = parts.find((part) => part.type === 'timeZoneName')?.value ?? name));
  }
  return found;
}

/**
 * "17:30" -> "5:30 PM" (en) or "17:30" (es): a wall-clock time written for the locale. Midnight, "00:00" opening a
 * day and "24:00" ending one, is the word ("midnight", "la medianoche"), as the posting rule says it: a clock would
 * write 24:00 as the next day's "12:00 AM", the hour people confuse with noon.
 */
export function formatTimeOfDay(hhmm: string, locale: Locale): string {
  if (hhmm === '00:00' || hhmm === '24:00') return translate(locale, 'time.midnight');
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  const format = dateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
  return format.format(new Date(Date.UTC(2000, 0, 1, hours, minutes)));
}
