import { translate, type Locale } from './i18n/translate';

const WEEK = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
type Weekday = (typeof WEEK)[number];

const intlTag = (locale: Locale) => `${locale}-US`;

/** A weekday's name in the locale (2024-01-01 was a Monday). */
function dayName(day: Weekday, locale: Locale): string {
  return new Intl.DateTimeFormat(intlTag(locale), { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + WEEK.indexOf(day)));
}

/**
 * "08:00" as the locale writes a time of day ("8:00 AM"). Midnight ("00:00" opening a day, "24:00" ending one) is the
 * word, as the posting rule and the phone line say it: a clock writes 24:00 as the next day's "12:00 AM".
 */
function timeOfDay(hhmm: string, locale: Locale): string {
  if (hhmm === '00:00' || hhmm === '24:00') return translate(locale, 'common.midnight');
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return new Intl.DateTimeFormat(intlTag(locale), { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1, hours, minutes));
}

/** The days in week order; three or more in a row read as a range ("Monday to Friday"). */
export function describeDays(days: readonly string[], locale: Locale): string {
  const sorted = WEEK.filter((day) => days.includes(day));
  const runs: Weekday[][] = [];
  for (const day of sorted) {
    const last = runs.at(-1);
    if (last && WEEK.indexOf(last.at(-1)!) === WEEK.indexOf(day) - 1) last.push(day);
    else runs.push([day]);
  }
  const parts = runs.flatMap((run) =>
    run.length >= 3 ? [translate(locale, 'common.dayRange', { first: dayName(run[0]!, locale), last: dayName(run.at(-1)!, locale) })] : run.map((day) => dayName(day, locale)),
  );
  return new Intl.ListFormat(intlTag(locale), { style: 'long', type: 'conjunction' }).format(parts);
}

/** One line of opening hours: "Monday to Friday, 8:00 AM to 5:00 PM". */
export function describeHours(hours: { readonly days: readonly string[]; readonly opens: string; readonly closes: string }, locale: Locale): string {
  return translate(locale, 'common.hoursRange', { days: describeDays(hours.days, locale), opens: timeOfDay(hours.opens, locale), closes: timeOfDay(hours.closes, locale) });
}

/** "Central Time" for America/Chicago, in the locale. */
export function timeZoneName(timeZone: string, locale: Locale): string {
  const parts = new Intl.DateTimeFormat(intlTag(locale), { timeZone, timeZoneName: 'longGeneric' }).formatToParts(Date.UTC(2024, 0, 1));
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** A phone number as a tel: link target (digits and a leading +). */
export function telHref(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return `tel:${digits.startsWith('+') || digits.length !== 10 ? digits : `+1${digits}`}`;
}
