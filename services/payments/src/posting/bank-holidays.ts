import type { IsoDate } from '@platform/core';
import Holidays from 'date-holidays';

/*
 * US federal bank holidays, as the Federal Reserve keeps them: a holiday on
 * a Sunday is observed on the Monday after; one on a Saturday is not moved
 * (banks open on the Friday before). date-holidays knows the dates and their
 * substitutes; this keeps the Fed's rule for which substitutes count.
 */

const federal = new Holidays('US');
const byYear = new Map<number, ReadonlySet<IsoDate>>();

function bankHolidaysOf(year: number): ReadonlySet<IsoDate> {
  let days = byYear.get(year);
  if (!days) {
    const dates = federal
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => ({ day: h.date.slice(0, 10), substitute: h.substitute === true }))
      // A substitute before its holiday (the Friday for a Saturday) is a federal day off, not a bank holiday.
      .filter((h) => !h.substitute || new Date(`${h.day}T12:00:00Z`).getUTCDay() === 1);
    days = new Set(dates.map((h) => h.day));
    byYear.set(year, days);
  }
  return days;
}

export function isBankHoliday(day: IsoDate): boolean {
  return bankHolidaysOf(Number(day.slice(0, 4))).has(day);
}
