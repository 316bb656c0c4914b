import type { IsoDate } from '@platform/core';

/*
 * The US federal holidays: eleven rules in law (5 U.S.C. 6103), observed two
 * ways. Banks keep the Federal Reserve's calendar: a holiday on a Sunday is
 * observed on the Monday after; one on a Saturday is not moved (banks open
 * on the Friday before). Government offices keep 6103(b): a Saturday holiday
 * is observed on the Friday before, a Sunday one on the Monday after. Posting
 * needs the banks' calendar, a city office's hours the offices'; both live
 * here so that the rules are written once. Written out rather than loaded
 * from a holiday library: that library carried every country's calendar and
 * was a sixth of the platform's start-up time. federal-holidays.test.ts
 * checks both calendars against it, year by year.
 */

/** Whose calendar: banks (the Federal Reserve's) or government offices (OPM's). */
type Observance = 'BANKS' | 'OFFICES';

const byYear: Record<Observance, Map<number, ReadonlySet<IsoDate>>> = { BANKS: new Map(), OFFICES: new Map() };

const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;

const iso = (year: number, month: number, day: number): IsoDate => new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
const weekday = (year: number, month: number, day: number): number => new Date(Date.UTC(year, month - 1, day)).getUTCDay();
const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The nth `day` of the week in a month (n = 1 for the first). */
function nthWeekday(year: number, month: number, day: number, n: number): IsoDate {
  const first = 1 + ((day - weekday(year, month, 1) + 7) % 7);
  return iso(year, month, first + 7 * (n - 1));
}

/** The last `day` of the week in a month. */
function lastWeekday(year: number, month: number, day: number): IsoDate {
  const last = daysIn(year, month);
  return iso(year, month, last - ((weekday(year, month, last) - day + 7) % 7));
}

/** A fixed-date holiday and the weekday it is observed on when it falls on a weekend (banks move only a Sunday one). */
function observedFixed(year: number, month: number, day: number, observance: Observance): IsoDate[] {
  const holiday = iso(year, month, day);
  const on = weekday(year, month, day);
  if (on === SUNDAY) return [holiday, iso(year, month, day + 1)];
  // For New Year's Day this is 31 December of the year before.
  if (on === SATURDAY && observance === 'OFFICES') return [holiday, iso(year, month, day - 1)];
  return [holiday];
}

/** The days of `year` (its own date) that are a holiday, or observed as one, by `observance`. */
function holidaysOf(year: number, observance: Observance): ReadonlySet<IsoDate> {
  let days = byYear[observance].get(year);
  if (!days) {
    const fixed = (month: number, day: number) => observedFixed(year, month, day, observance);
    days = new Set(
      [
        ...fixed(1, 1), // New Year's Day
        nthWeekday(year, 1, MONDAY, 3), // Birthday of Martin Luther King, Jr.
        nthWeekday(year, 2, MONDAY, 3), // Washington's Birthday
        lastWeekday(year, 5, MONDAY), // Memorial Day
        ...(year >= 2021 ? fixed(6, 19) : []), // Juneteenth, a holiday since 2021
        ...fixed(7, 4), // Independence Day
        nthWeekday(year, 9, MONDAY, 1), // Labor Day
        nthWeekday(year, 10, MONDAY, 2), // Columbus Day
        ...fixed(11, 11), // Veterans Day
        nthWeekday(year, 11, THURSDAY, 4), // Thanksgiving Day
        ...fixed(12, 25), // Christmas Day
        // Next year's New Year's Day, when offices observe it on this year's 31 December.
        ...observedFixed(year + 1, 1, 1, observance),
      ].filter((day) => day.startsWith(`${year}-`)),
    );
    byYear[observance].set(year, days);
  }
  return days;
}

/** Whether banks are closed on `day` for a federal holiday (the Federal Reserve's calendar). */
export function isBankHoliday(day: IsoDate): boolean {
  return holidaysOf(Number(day.slice(0, 4)), 'BANKS').has(day);
}

/** Whether government offices are closed on `day` for a federal holiday (5 U.S.C. 6103(b): Saturday's on the Friday before). */
export function isFederalOfficeHoliday(day: IsoDate): boolean {
  return holidaysOf(Number(day.slice(0, 4)), 'OFFICES').has(day);
}

/**
 * Whether posting skips `day` (the city's own calendar's date) for a holiday:
 * a US federal bank holiday, or one of `cityHolidays`, the days the city
 * closes besides (its settings' `postingHolidays`).
 */
export function isPostingHoliday(day: IsoDate, cityHolidays: readonly IsoDate[]): boolean {
  return isBankHoliday(day) || cityHolidays.includes(day);
}

/**
 * Whether the city office is closed on `day` (the city's own calendar's date)
 * for a holiday: a US federal holiday as government offices observe it, or
 * one of `cityHolidays`. On Friday 3 July 2026 (Independence Day is a
 * Saturday) the office is closed while banks, and so posting, are open.
 */
export function isOfficeHoliday(day: IsoDate, cityHolidays: readonly IsoDate[]): boolean {
  return isFederalOfficeHoliday(day) || cityHolidays.includes(day);
}
