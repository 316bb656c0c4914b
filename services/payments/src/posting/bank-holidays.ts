import type { IsoDate } from '@platform/core';

/*
 * US federal bank holidays, as the Federal Reserve keeps them: a holiday on
 * a Sunday is observed on the Monday after; one on a Saturday is not moved
 * (banks open on the Friday before). Eleven rules in law (5 U.S.C. 6103),
 * written out here rather than loaded from a holiday library: that library
 * carried every country's calendar and was a sixth of the platform's start-up
 * time. bank-holidays.test.ts checks these rules against it, year by year.
 */

const byYear = new Map<number, ReadonlySet<IsoDate>>();

const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;

const iso = (year: number, month: number, day: number): IsoDate => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
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

/** A fixed-date holiday and, when it falls on a Sunday, the Monday after; one on a Saturday gets no weekday off. */
function observedFixed(year: number, month: number, day: number): IsoDate[] {
  const holiday = iso(year, month, day);
  // Day + 1 stays in the month: no fixed holiday is on a month's last day except New Year's Eve, which is none.
  return weekday(year, month, day) === SUNDAY ? [holiday, iso(year, month, day + 1)] : [holiday];
}

function bankHolidaysOf(year: number): ReadonlySet<IsoDate> {
  let days = byYear.get(year);
  if (!days) {
    days = new Set([
      ...observedFixed(year, 1, 1), // New Year's Day
      nthWeekday(year, 1, MONDAY, 3), // Birthday of Martin Luther King, Jr.
      nthWeekday(year, 2, MONDAY, 3), // Washington's Birthday
      lastWeekday(year, 5, MONDAY), // Memorial Day
      ...(year >= 2021 ? observedFixed(year, 6, 19) : []), // Juneteenth, a holiday since 2021
      ...observedFixed(year, 7, 4), // Independence Day
      nthWeekday(year, 9, MONDAY, 1), // Labor Day
      nthWeekday(year, 10, MONDAY, 2), // Columbus Day
      ...observedFixed(year, 11, 11), // Veterans Day
      nthWeekday(year, 11, THURSDAY, 4), // Thanksgiving Day
      ...observedFixed(year, 12, 25), // Christmas Day
    ]);
    byYear.set(year, days);
  }
  return days;
}

export function isBankHoliday(day: IsoDate): boolean {
  return bankHolidaysOf(Number(day.slice(0, 4))).has(day);
}

/**
 * Whether the city is closed on `day` (its own calendar's date) for a
 * holiday: a US federal bank holiday, or one of `cityHolidays`, the days it
 * closes besides (its settings' `postingHolidays`). Posting skips them, and
 * so does the phone line's transfer to customer service.
 */
export function isHoliday(day: IsoDate, cityHolidays: readonly IsoDate[]): boolean {
  return isBankHoliday(day) || cityHolidays.includes(day);
}
