import { addDays, localDateOf, type IsoDate } from '@platform/core';
import { isPostingHoliday } from './federal-holidays';

export interface PostingRules {
  readonly timeZone: string;
  /** Local wall-clock "HH:MM" after which a payment counts as made the next day; "00:00" is midnight (no earlier cutoff). */
  readonly cutoffLocalTime: string;
  /** Days from the (cutoff-adjusted) payment day to the posting day. */
  readonly lagDays: number;
  /** Count the lag in business days, and post only on one: Monday-Friday, except US federal bank holidays and `cityHolidays`. */
  readonly businessDaysOnly: boolean;
  /** Days (YYYY-MM-DD) the city closes besides the bank holidays, e.g. the day after Thanksgiving. */
  readonly cityHolidays: readonly IsoDate[];
}

/**
 * The day a payment posts to the account, from when it was made. Norwalk
 * (cutoff midnight, lag 1): made any time on the 3rd, it posts on the 4th;
 * made just after midnight, it is a payment of the 4th and posts on the 5th,
 * "within 48 hours". Everything happens in the city's calendar, so daylight
 * saving and month ends need no special cases.
 */
export function expectedPostingDate(madeAt: Date, rules: PostingRules): IsoDate {
  const madeOn = localDateOf(madeAt, rules.timeZone);
  const afterCutoff = rules.cutoffLocalTime !== '00:00' && localTimeOf(madeAt, rules.timeZone) >= rules.cutoffLocalTime;
  let day = afterCutoff ? addDays(madeOn, 1) : madeOn;
  if (!rules.businessDaysOnly) return addDays(day, rules.lagDays);
  const isBusinessDay = (d: IsoDate) => !isWeekend(d) && !isPostingHoliday(d, rules.cityHolidays);
  day = nextBusinessDay(day, 0, isBusinessDay);
  return nextBusinessDay(day, rules.lagDays, isBusinessDay);
}

/** `count` business days after `day` (0: `day` itself, or the next business day when it is none). */
function nextBusinessDay(day: IsoDate, count: number, isBusinessDay: (day: IsoDate) => boolean): IsoDate {
  let current = day;
  while (!isBusinessDay(current)) current = addDays(current, 1);
  for (let moved = 0; moved < count;) {
    current = addDays(current, 1);
    if (isBusinessDay(current)) moved++;
  }
  return current;
}

const isWeekend = (day: IsoDate) => {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/** "HH:MM" on the city's clock, 24-hour, for comparing with the cutoff. */
function localTimeOf(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}`;
}
