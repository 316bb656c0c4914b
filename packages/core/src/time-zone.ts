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

/**
 * The zones ICU still names by CLDR's frozen identifiers, with the name the IANA database gives them now (its `Zone`
 * line, or its zone.tab entry for a country's zone; the old names are in its `backward` file). CLDR never renames an
 * identifier, so this list only grows when IANA renames a zone; the runtime accepts both names for the same zone.
 */
const CLDR_TO_IANA_TIME_ZONES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

const byLowerCase = (names: Iterable<string>) => new Map([...names].map((name) => [name.toLowerCase(), name]));
const ianaNameOfLegacy = new Map(Object.entries(CLDR_TO_IANA_TIME_ZONES).map(([legacy, iana]) => [legacy.toLowerCase(), iana]));
let canonicalNames: ReadonlyMap<string, string> | undefined;

/**
 * The zone's canonical IANA name, for a valid zone: "america/chicago" reads as "America/Chicago", "Asia/Calcutta" as
 * "Asia/Kolkata". Not the runtime's resolvedOptions() alone: ICU answers CLDR's identifiers ("Asia/Kolkata" comes back
 * "Asia/Calcutta"), and engines that follow ECMA-402's canonical time zone change answer the name as typed, so the
 * same city would be stored differently after a Node upgrade. A canonical name (the runtime's list, or IANA's name
 * above) is kept as typed, its case corrected; only another link ("US/Central") is left to the runtime, which names
 * its zone, or on a newer engine the link itself, either of which names the same zone.
 */
export function canonicalTimeZone(name: string): string {
  const lower = name.toLowerCase();
  canonicalNames ??= byLowerCase([...Intl.supportedValuesOf('timeZone'), ...Object.values(CLDR_TO_IANA_TIME_ZONES)]);
  const known = ianaNameOfLegacy.get(lower) ?? canonicalNames.get(lower);
  if (known !== undefined) return known;
  const resolved = dateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  return ianaNameOfLegacy.get(resolved.toLowerCase()) ?? resolved;
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
