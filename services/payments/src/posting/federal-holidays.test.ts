import Holidays from 'date-holidays';
import type { IsoDate } from '@platform/core';
import { isBankHoliday, isFederalOfficeHoliday, isOfficeHoliday, isPostingHoliday } from './federal-holidays';

/** The federal holidays from the date-holidays library, with the days it observes them on for a weekend (OPM's rule). */
function libraryHolidays(year: number): { day: string; substitute: boolean }[] {
  return new Holidays('US')
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h) => ({ day: h.date.slice(0, 10), substitute: h.substitute === true }));
}

const isMonday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay() === 1;

/** The Fed's calendar from the library: of the substitutes, only a Sunday holiday's Monday counts. */
function libraryBankHolidays(year: number): string[] {
  return libraryHolidays(year)
    .filter((h) => !h.substitute || isMonday(h.day))
    .map((h) => h.day);
}

/**
 * The library gives Veterans Day on a weekend no weekday off, but both
 * calendars take one: the Fed's 2018 schedule (closed Monday, November 12),
 * OPM's 2017 (Friday, November 10). On that, the rules here are right and the
 * library is not.
 */
function veteransDayObserved(year: number, observance: 'BANKS' | 'OFFICES'): string[] {
  const on = new Date(Date.UTC(year, 10, 11)).getUTCDay();
  if (on === 0) return [`${year}-11-12`];
  return on === 6 && observance === 'OFFICES' ? [`${year}-11-10`] : [];
}

function everyDayOf(year: number): IsoDate[] {
  const days: IsoDate[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

const YEARS = Array.from({ length: 2060 - 2000 + 1 }, (_, i) => 2000 + i);

describe('isBankHoliday', () => {
  it.each(YEARS)('agrees with the date-holidays library on every day of %d', (year) => {
    const ours = everyDayOf(year).filter(isBankHoliday);
    expect(ours).toEqual([...new Set([...libraryBankHolidays(year), ...veteransDayObserved(year, 'BANKS')])].sort());
  });

  it('knows the cases that matter for posting dates', () => {
    expect(isBankHoliday('2026-07-03')).toBe(false); // July 4th 2026 is a Saturday: banks open the Friday before
    expect(isBankHoliday('2027-12-27')).toBe(false); // Christmas 2027 on a Saturday: no Monday off
    expect(isBankHoliday('2027-12-31')).toBe(false); // New Year 2028 on a Saturday: banks open on New Year's Eve
    expect(isBankHoliday('2022-12-26')).toBe(true); // Christmas 2022 on a Sunday: observed Monday
    expect(isBankHoliday('2026-11-26')).toBe(true); // Thanksgiving
    expect(isBankHoliday('2020-06-19')).toBe(false); // before Juneteenth was a holiday
    expect(isBankHoliday('2026-06-19')).toBe(true);
    expect(isBankHoliday('2029-11-12')).toBe(true); // Veterans Day 2029 on a Sunday: observed Monday
  });
});

describe('isFederalOfficeHoliday', () => {
  it.each(YEARS)('agrees with the date-holidays library on every day of %d', (year) => {
    const ours = everyDayOf(year).filter(isFederalOfficeHoliday);
    const library = libraryHolidays(year).map((h) => h.day);
    expect(ours).toEqual([...new Set([...library, ...veteransDayObserved(year, 'OFFICES')])].sort());
  });

  it('moves a Saturday holiday to the Friday before, and a Sunday one to the Monday after', () => {
    expect(isFederalOfficeHoliday('2026-07-03')).toBe(true); // July 4th 2026 is a Saturday
    expect(isFederalOfficeHoliday('2026-07-04')).toBe(true);
    expect(isFederalOfficeHoliday('2027-12-24')).toBe(true); // Christmas 2027 on a Saturday
    expect(isFederalOfficeHoliday('2027-12-27')).toBe(false);
    expect(isFederalOfficeHoliday('2027-12-31')).toBe(true); // New Year 2028 on a Saturday: the year before's last day
    expect(isFederalOfficeHoliday('2028-12-29')).toBe(false);
    expect(isFederalOfficeHoliday('2022-12-26')).toBe(true); // Christmas 2022 on a Sunday: observed Monday
    expect(isFederalOfficeHoliday('2028-11-10')).toBe(true); // Veterans Day 2028 on a Saturday
    expect(isFederalOfficeHoliday('2021-06-18')).toBe(true); // Juneteenth's first year, on a Saturday
    expect(isFederalOfficeHoliday('2020-06-19')).toBe(false); // before Juneteenth was a holiday
  });
});

it("adds the city's own closed days to each calendar, and keeps them apart", () => {
  expect(isPostingHoliday('2026-07-03', [])).toBe(false);
  expect(isOfficeHoliday('2026-07-03', [])).toBe(true);
  expect(isPostingHoliday('2026-11-27', ['2026-11-27'])).toBe(true);
  expect(isOfficeHoliday('2026-11-27', ['2026-11-27'])).toBe(true);
  expect(isOfficeHoliday('2026-11-27', [])).toBe(false);
});
