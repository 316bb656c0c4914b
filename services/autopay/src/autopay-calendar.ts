import { addDays, isIsoDate, localDateOf, type IsoDate } from '@platform/core';

/*
 * Autopay's calendar, in the city's dates (callers turn "now" into the
 * city's date with localDateOf). A cycle is the month a deduction belongs
 * to; the deduction happens on the city's deduction day of that month (1-31;
 * the month's last day when it is shorter), at the start of the local day.
 * Every date derived from the deduction day (first deduction, next
 * deduction, reminders, the run's due accounts) comes from deductionDateOf.
 */

/** A month, "2026-03": autopay takes at most one deduction per account per cycle. */
export type Cycle = string;

const CYCLE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isCycle(text: string): boolean {
  return CYCLE.test(text);
}

export const cycleOf = (date: IsoDate): Cycle => date.slice(0, 7);

export function nextCycle(cycle: Cycle): Cycle {
  const [year = 0, month = 0] = cycle.split('-').map(Number);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

export function previousCycle(cycle: Cycle): Cycle {
  const [year = 0, month = 0] = cycle.split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/**
 * The date of `cycle`'s deduction on the city's `deductionDay` (1-31). A month
 * without that day deducts on its last day: a city that deducts at month end
 * (or on its bills' due day, the 29th or 30th) is not made to charge days
 * early in every month to suit February.
 */
export function deductionDateOf(cycle: Cycle, deductionDay: number): IsoDate {
  if (!isCycle(cycle) || !Number.isInteger(deductionDay) || deductionDay < 1 || deductionDay > 31) throw new RangeError(`no deduction day ${deductionDay} in ${cycle}`);
  const dateOn = (day: number): IsoDate => `${cycle}-${String(day).padStart(2, '0')}`;
  let day = deductionDay;
  // Every month has the 28th.
  while (day > 28 && !isIsoDate(dateOn(day))) day -= 1;
  return dateOn(day);
}

/**
 * The first cycle an enrolment made on `today` covers: this month's when its
 * deduction day is still ahead. The run happens at the start of the
 * deduction day, so enrolling on that day (or later) is too late for this
 * month, and the first deduction is next month's.
 */
export function firstCycleFor(today: IsoDate, deductionDay: number): Cycle {
  const cycle = cycleOf(today);
  return today < deductionDateOf(cycle, deductionDay) ? cycle : nextCycle(cycle);
}

/**
 * Deduction dates reminders named, by cycle. Each holds for its cycle
 * whatever the city's deduction day is now: a day moved after a reminder
 * went out applies from the next cycle (see the run's firstAttemptPage).
 */
export type PromisedDates = ReadonlyMap<Cycle, IsoDate>;

const NO_PROMISES: PromisedDates = new Map();

/**
 * Retries scheduled for an account's failed deductions: the date of each
 * cycle's next attempt (the day the run tries it again, or catches up on it).
 */
export type PendingRetries = ReadonlyMap<Cycle, IsoDate>;

const NO_RETRIES: PendingRetries = new Map();

/**
 * The cycles an account's deduction has been made for, whatever came of it
 * (paid, skipped, suspended, retrying, under way): the run makes a cycle's
 * first attempt once, so none of these is a coming deduction (a retry of one
 * is in PendingRetries). A cycle settled before the city moved its day later
 * is not deducted again on the new day.
 */
type SettledCycles = ReadonlySet<Cycle>;

const NO_SETTLED: SettledCycles = new Set();

/** What an account's coming deductions keep to besides the city's day: the dates its reminders named, its retries, the cycles already settled. */
export interface DeductionSchedule {
  readonly promised: PromisedDates;
  readonly retries: PendingRetries;
  readonly settled: SettledCycles;
}

export const NO_SCHEDULE: DeductionSchedule = { promised: NO_PROMISES, retries: NO_RETRIES, settled: NO_SETTLED };

/** A deduction to come: the cycle it is for, and its date. */
export interface NextDeduction {
  readonly cycle: Cycle;
  readonly date: IsoDate;
}

/**
 * The next deduction autopay makes for an enrolment whose first cycle is
 * `firstCycle`. A retry of one of its cycles charges first when it comes
 * sooner (on its date, or today when the run has yet to catch up on it).
 * Else a coming cycle's: never before the first, never today or earlier,
 * never one already settled; a cycle's promised date, when its reminder
 * named one, else the city's deduction day.
 */
export function nextDeduction(today: IsoDate, deductionDay: number, firstCycle: Cycle, schedule: DeductionSchedule = NO_SCHEDULE): NextDeduction {
  let next = nextCycleDeduction(today, deductionDay, firstCycle, schedule);
  // The run retries only the cycles the enrolment covers (an earlier one is a previous enrolment's, and is skipped).
  for (const [cycle, on] of schedule.retries) {
    const date = on > today ? on : today;
    if (cycle >= firstCycle && date < next.date) next = { cycle, date };
  }
  return next;
}

/** The date of nextDeduction. */
export function nextDeductionDate(today: IsoDate, deductionDay: number, firstCycle: Cycle, schedule: DeductionSchedule = NO_SCHEDULE): IsoDate {
  return nextDeduction(today, deductionDay, firstCycle, schedule).date;
}

function nextCycleDeduction(today: IsoDate, deductionDay: number, firstCycle: Cycle, { promised, settled }: DeductionSchedule): NextDeduction {
  // A promise lies in its own month, so this month's or the next's date is after today; the settled cycles are few, so
  // the walk ends.
  for (let cycle = firstCycle > cycleOf(today) ? firstCycle : cycleOf(today); ; cycle = nextCycle(cycle)) {
    const date = promised.get(cycle) ?? deductionDateOf(cycle, deductionDay);
    if (date > today && !settled.has(cycle)) return { cycle, date };
  }
}

/**
 * Whether this month's deduction was settled (paid, or skipped with nothing
 * due) before the city's deduction day, which is still ahead: the city moved
 * its day later after the run. The run makes no second deduction for the
 * month, so, as for one enrolling after the deduction day, this month is not
 * covered: the resident pays what is owed now once. A retry of it still to
 * come is the month's deduction, and covers it.
 */
export function settledBeforeItsDay(today: IsoDate, deductionDay: number, schedule: DeductionSchedule): boolean {
  const cycle = cycleOf(today);
  return schedule.settled.has(cycle) && !schedule.retries.has(cycle) && today < deductionDateOf(cycle, deductionDay);
}

/** What enrolling at `now` means for the customer, in the city's calendar. */
export interface EnrollmentTerms {
  /** The city's date at `now`. */
  readonly today: IsoDate;
  readonly firstCycle: Cycle;
  readonly firstDeductionDate: IsoDate;
  /** Whether autopay takes this month's amount; when not, the customer pays it once, now. */
  readonly currentCycleCovered: boolean;
}

export function enrollmentTermsAt(now: Date, timeZone: string, deductionDay: number): EnrollmentTerms {
  const today = localDateOf(now, timeZone);
  const firstCycle = firstCycleFor(today, deductionDay);
  return { today, firstCycle, firstDeductionDate: deductionDateOf(firstCycle, deductionDay), currentCycleCovered: firstCycle === cycleOf(today) };
}

/**
 * When to try a cycle's deduction again after its `failures`-th failed
 * attempt (made on `failedOn`): the city's retry days count from the first
 * attempt, and a retry is never the same day as a failure (a run that was
 * late catches up, but does not hammer the card). Null once the retries are
 * used up: the enrolment is suspended.
 */
export function retryDateAfter(firstAttemptOn: IsoDate, failedOn: IsoDate, retryAfterDays: readonly number[], failures: number): IsoDate | null {
  const days = retryAfterDays[failures - 1];
  if (days === undefined) return null;
  const scheduled = addDays(firstAttemptOn, days);
  const earliest = addDays(failedOn, 1);
  return scheduled > earliest ? scheduled : earliest;
}

/** The day reminders for a deduction go out; none when the city sends none (0 days before). */
export function reminderDateFor(deductionDate: IsoDate, daysBefore: number): IsoDate | null {
  return daysBefore > 0 ? addDays(deductionDate, -daysBefore) : null;
}
