import { addDays, dateTimeFormat, localDateOf, type IsoDate } from '@platform/core';
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
 * "within 48 hours". Everything happens in the city's calendar, so month
 * ends need no special cases; a cutoff the city's clocks show twice (the
 * night they are set back) passes the first time (cutoffPassed).
 */
export function expectedPostingDate(madeAt: Date, rules: PostingRules): IsoDate {
  const madeOn = localDateOf(madeAt, rules.timeZone);
  const afterCutoff = rules.cutoffLocalTime !== '00:00' && cutoffPassed(madeAt, madeOn, rules);
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

/**
 * Whether the city's clocks have shown the cutoff on `madeOn` by `madeAt`. Not the time now against the cutoff alone:
 * the night clocks are set back, the hour after it is shown twice, so with a 1:30 AM cutoff a payment at 1:15 AM
 * standard time comes 45 minutes after 1:30 AM daylight time passed, and is after the cutoff as one made at 1:45 AM
 * daylight time before it. (The night clocks go forward past a cutoff it never shows, the first time shown after it
 * is later than the cutoff, so the time now says it.)
 */
function cutoffPassed(madeAt: Date, madeOn: IsoDate, rules: PostingRules): boolean {
  const now = wallClockOf(madeAt.getTime(), rules.timeZone);
  if (now.slice(11) >= rules.cutoffLocalTime) return true;
  const cutoff = `${madeOn}T${rules.cutoffLocalTime}`;
  const cutoffAsUtc = Date.parse(`${cutoff}:00Z`);
  // The city's offset a day either side holds across any one change of its clocks that night.
  return [-DAY_MS, DAY_MS].some((side) => {
    const instant = cutoffAsUtc - offsetMs(cutoffAsUtc + side, rules.timeZone);
    return instant <= madeAt.getTime() && wallClockOf(instant, rules.timeZone) === cutoff;
  });
}

const DAY_MS = 86_400_000;

/** "YYYY-MM-DDTHH:MM" on the city's clock, 24-hour, at `instant` (ms). */
function wallClockOf(instant: number, timeZone: string): string {
  const format = dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/** How far the city's clock is ahead of UTC at `instant` (ms; negative west of Greenwich), to the minute. */
function offsetMs(instant: number, timeZone: string): number {
  const minuteStart = instant - (((instant % 60_000) + 60_000) % 60_000);
  return Date.parse(`${wallClockOf(minuteStart, timeZone)}:00Z`) - minuteStart;
}
