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

/** "Pacific Time" / "hora del Pacífico": the zone's generic name, for sentences a resident reads. */
export function timeZoneDisplayName(name: string, locale: string): string {
  const parts = dateTimeFormat(locale, { timeZone: name, timeZoneName: 'longGeneric' }).formatToParts(new Date());
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? name;
}

/** "17:30" -> "5:30 PM" (en) or "17:30" (es): a wall-clock time written for the locale. */
export function formatTimeOfDay(hhmm: string, locale: string): string {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  const format = dateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
  return format.format(new Date(Date.UTC(2000, 0, 1, hours, minutes)));
}
