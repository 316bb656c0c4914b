import { dateTimeFormat } from './intl-cache';

/*
 * Calendar dates ("2026-11-23") as plain ISO strings. Business rules such as
 * due dates and days past due live in a city's calendar, not in instants, so
 * they are dates in the city's time zone, compared as strings and counted in
 * whole days without any time-of-day arithmetic.
 */
export type IsoDate = string;

const DAY_MS = 86_400_000;

/** True for a real calendar date written YYYY-MM-DD ("2026-02-30" is not one). */
export function isIsoDate(text: string): boolean {
  // Character codes and arithmetic, not a regular expression or a Date: bill imports check hundreds of thousands of these.
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return false;
  const y = decimalAt(text, 0, 4);
  const m = decimalAt(text, 5, 7);
  const d = decimalAt(text, 8, 10);
  // Years before 100 stay refused, as Date.UTC reads them as 19xx.
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}

const DASH = 0x2d;
const ZERO = 0x30;

/** The ASCII digits text[start..end) as a number, or -1 when any is not a digit. */
function decimalAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Since 1973 every zone's offset from UTC is a whole number of minutes, so a
 * zone's date changes only on a UTC minute: one date per zone and minute
 * holds for every instant of that minute. (Before, offsets such as
 * Monrovia's -0:44:30 put midnight inside a minute.)
 */
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1973, 0, 1);
const MINUTE_MS = 60_000;
/** Per zone, the date of the minute last asked about: a busy gateway asks "what day is it in this city" per request, and formatting costs microseconds. */
const datesOfLastMinute = new Map<string, { readonly minute: number; readonly date: IsoDate }>();

/** The date on the wall calendar of `timeZone` at `instant`. */
export function localDateOf(instant: Date, timeZone: string): IsoDate {
  const time = instant.getTime();
  const minute = Math.floor(time / MINUTE_MS);
  const known = datesOfLastMinute.get(timeZone);
  if (known?.minute === minute && time >= WHOLE_MINUTE_OFFSETS_SINCE) return known.date;
  // en-CA writes dates as YYYY-MM-DD.
  const date = dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  if (time >= WHOLE_MINUTE_OFFSETS_SINCE) datesOfLastMinute.set(timeZone, { minute, date });
  return date;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(toUtcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / DAY_MS);
}

/**
 * "March 15, 2026" / "15 de marzo de 2026": a date written for a person, in
 * the language as spoken in the United States (as formatMoney does).
 */
export function formatLocalDate(date: IsoDate, language: string): string {
  return dateTimeFormat(`${language}-US`, { dateStyle: 'long', timeZone: 'UTC' }).format(toUtcMidnight(date));
}

function toUtcMidnight(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}
