import Holidays from 'date-holidays';
import type { IsoDate } from '@platform/core';
import { isBankHoliday } from './bank-holidays';

/** The Fed's calendar from the date-holidays library, with the Fed's rule for which substitutes count. */
function libraryBankHolidays(year: number): string[] {
  return new Holidays('US')
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h) => ({ day: h.date.slice(0, 10), substitute: h.substitute === true }))
    .filter((h) => !h.substitute || new Date(`${h.day}T12:00:00Z`).getUTCDay() === 1)
    .map((h) => h.day);
}

/**
 * The library gives Veterans Day on a Sunday no Monday off, but the Fed takes
 * one (its 2018 schedule: closed Monday, November 12): on that, the rules here
 * are right and the library is not.
 */
function veteransDayMonday(year: number): string[] {
  return new Date(Date.UTC(year, 10, 11)).getUTCDay() === 0 ? [`${year}-11-12`] : [];
}

function everyDayOf(year: number): IsoDate[] {
  const days: IsoDate[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

describe('isBankHoliday', () => {
  it.each(Array.from({ length: 2060 - 2000 + 1 }, (_, i) => 2000 + i))('agrees with the date-holidays library on every day of %d', (year) => {
    const ours = everyDayOf(year).filter(isBankHoliday);
    expect(ours).toEqual([...new Set([...libraryBankHolidays(year), ...veteransDayMonday(year)])].sort());
  });

  it('knows the cases that matter for posting dates', () => {
    expect(isBankHoliday('2026-07-03')).toBe(false); // July 4th 2026 is a Saturday: banks open the Friday before
    expect(isBankHoliday('2027-12-27')).toBe(false); // Christmas 2027 on a Saturday: no Monday off
    expect(isBankHoliday('2022-12-26')).toBe(true); // Christmas 2022 on a Sunday: observed Monday
    expect(isBankHoliday('2026-11-26')).toBe(true); // Thanksgiving
    expect(isBankHoliday('2020-06-19')).toBe(false); // before Juneteenth was a holiday
    expect(isBankHoliday('2026-06-19')).toBe(true);
    expect(isBankHoliday('2029-11-12')).toBe(true); // Veterans Day 2029 on a Sunday: observed Monday
  });
});
