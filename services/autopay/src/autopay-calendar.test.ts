import { cardValidOn } from '@platform/core';
import {
  NO_SCHEDULE,
  cycleOf,
  deductionDateOf,
  enrollmentTermsAt,
  firstCycleFor,
  isCycle,
  nextCycle,
  nextDeduction,
  nextDeductionDate,
  previousCycle,
  reminderDateFor,
  retryDateAfter,
  settledBeforeItsDay,
  type PendingRetries,
  type PromisedDates,
} from './autopay-calendar';

const promising = (promised: PromisedDates) => ({ ...NO_SCHEDULE, promised });
const retrying = (retries: PendingRetries) => ({ ...NO_SCHEDULE, retries });

describe('cycles', () => {
  it('are months, and roll over the year', () => {
    expect(cycleOf('2026-03-31')).toBe('2026-03');
    expect(nextCycle('2026-03')).toBe('2026-04');
    expect(nextCycle('2026-12')).toBe('2027-01');
    expect(previousCycle('2026-03')).toBe('2026-02');
    expect(previousCycle('2027-01')).toBe('2026-12');
    expect(isCycle('2026-13')).toBe(false);
    expect(isCycle('2026-1')).toBe(false);
  });

  it('put the deduction on the city day of the month', () => {
    expect(deductionDateOf('2026-02', 28)).toBe('2026-02-28');
    expect(deductionDateOf('2026-03', 1)).toBe('2026-03-01');
    expect(deductionDateOf('2026-03', 31)).toBe('2026-03-31');
    expect(() => deductionDateOf('2026-02', 0)).toThrow(RangeError);
    expect(() => deductionDateOf('2026-03', 32)).toThrow(RangeError);
  });
});

describe('a deduction day the month does not have (29, 30, 31)', () => {
  it("is the month's last day: February in a common and a leap year, a 30-day month", () => {
    expect([29, 30, 31].map((day) => deductionDateOf('2026-02', day))).toEqual(['2026-02-28', '2026-02-28', '2026-02-28']);
    expect([29, 30, 31].map((day) => deductionDateOf('2028-02', day))).toEqual(['2028-02-29', '2028-02-29', '2028-02-29']);
    expect([29, 30, 31].map((day) => deductionDateOf('2100-02', day))).toEqual(['2100-02-28', '2100-02-28', '2100-02-28']);
    expect([29, 30, 31].map((day) => deductionDateOf('2026-04', day))).toEqual(['2026-04-29', '2026-04-30', '2026-04-30']);
    expect([29, 30, 31].map((day) => deductionDateOf('2026-12', day))).toEqual(['2026-12-29', '2026-12-30', '2026-12-31']);
  });

  it("makes the month's last day the day enrolling is too late for that month", () => {
    expect(firstCycleFor('2026-02-27', 31)).toBe('2026-02');
    expect(firstCycleFor('2026-02-28', 31)).toBe('2026-03');
    expect(firstCycleFor('2028-02-28', 30)).toBe('2028-02');
    expect(firstCycleFor('2028-02-29', 30)).toBe('2028-03');
    expect(firstCycleFor('2026-04-30', 31)).toBe('2026-05');
    expect(firstCycleFor('2026-12-31', 31)).toBe('2027-01');
    expect(enrollmentTermsAt(new Date('2027-02-27T12:00:00Z'), 'Pacific/Honolulu', 31)).toEqual({
      today: '2027-02-27',
      firstCycle: '2027-02',
      firstDeductionDate: '2027-02-28',
      currentCycleCovered: true,
    });
    expect(enrollmentTermsAt(new Date('2027-02-28T12:00:00Z'), 'Pacific/Honolulu', 31)).toEqual({
      today: '2027-02-28',
      firstCycle: '2027-03',
      firstDeductionDate: '2027-03-31',
      currentCycleCovered: false,
    });
  });

  it('gives the next deduction on each month end in turn, and the reminder days before it', () => {
    expect(nextDeductionDate('2028-01-31', 31, '2028-01')).toBe('2028-02-29');
    expect(nextDeductionDate('2028-02-29', 31, '2028-01')).toBe('2028-03-31');
    expect(nextDeductionDate('2026-04-29', 30, '2026-01')).toBe('2026-04-30');
    expect(nextDeductionDate('2026-04-30', 30, '2026-01')).toBe('2026-05-30');
    expect(reminderDateFor(deductionDateOf('2026-02', 31), 3)).toBe('2026-02-25');
    expect(reminderDateFor(deductionDateOf('2028-02', 31), 3)).toBe('2028-02-26');
  });
});

describe('the late-enrolment rule (deduction day 15)', () => {
  it('takes this month when enrolling before the deduction day', () => {
    expect(firstCycleFor('2026-03-10', 15)).toBe('2026-03');
    expect(firstCycleFor('2026-03-14', 15)).toBe('2026-03');
  });

  it('is too late on the deduction day itself, since the run starts the day', () => {
    expect(firstCycleFor('2026-03-15', 15)).toBe('2026-04');
  });

  it('starts next month when enrolling after it, across the end of the year', () => {
    expect(firstCycleFor('2026-03-20', 15)).toBe('2026-04');
    expect(firstCycleFor('2026-12-31', 15)).toBe('2027-01');
    expect(firstCycleFor('2026-12-31', 28)).toBe('2027-01');
    expect(firstCycleFor('2027-02-28', 28)).toBe('2027-03');
  });

  it('with day 1, enrolling on or after the 1st waits for the next 1st', () => {
    expect(firstCycleFor('2026-02-28', 1)).toBe('2026-03');
    expect(firstCycleFor('2026-03-01', 1)).toBe('2026-04');
  });
});

describe('enrolment terms, read on the city calendar', () => {
  // 2026-03-15T06:30Z is still the 14th in Los Angeles (23:30) but already the 15th in Chicago (01:30).
  const instant = new Date('2026-03-15T06:30:00Z');

  it('covers the month in a city where the deduction day has not begun', () => {
    expect(enrollmentTermsAt(instant, 'America/Los_Angeles', 15)).toEqual({ today: '2026-03-14', firstCycle: '2026-03', firstDeductionDate: '2026-03-15', currentCycleCovered: true });
  });

  it('does not cover it where the deduction day has begun', () => {
    expect(enrollmentTermsAt(instant, 'America/Chicago', 15)).toEqual({ today: '2026-03-15', firstCycle: '2026-04', firstDeductionDate: '2026-04-15', currentCycleCovered: false });
  });

  it("follows the city's month end, not UTC's", () => {
    // 2026-04-01T03:00Z is still March 31 in Los Angeles.
    expect(enrollmentTermsAt(new Date('2026-04-01T03:00:00Z'), 'America/Los_Angeles', 1)).toMatchObject({ today: '2026-03-31', firstDeductionDate: '2026-04-01', currentCycleCovered: false });
    expect(enrollmentTermsAt(new Date('2026-04-01T03:00:00Z'), 'UTC', 1)).toMatchObject({ today: '2026-04-01', firstDeductionDate: '2026-05-01', currentCycleCovered: false });
  });
});

describe('the next deduction', () => {
  it('is the coming deduction day, never today or before the first cycle', () => {
    expect(nextDeductionDate('2026-03-10', 15, '2026-01')).toBe('2026-03-15');
    expect(nextDeductionDate('2026-03-15', 15, '2026-01')).toBe('2026-04-15');
    expect(nextDeductionDate('2026-03-10', 15, '2026-05')).toBe('2026-05-15');
  });

  it("is the date a cycle's reminder named, after the city has moved its day either way", () => {
    // Reminded of March 15; the day moved to the 5th on March 10.
    const march15 = new Map([['2026-03', '2026-03-15']]);
    expect(nextDeductionDate('2026-03-10', 5, '2026-01', promising(march15))).toBe('2026-03-15');
    expect(nextDeductionDate('2026-03-15', 5, '2026-01', promising(march15))).toBe('2026-04-05');
    // Reminded of May 5; the day moved to the 20th on May 1: May is taken on the 5th, and June on the 20th.
    const may5 = new Map([['2026-05', '2026-05-05']]);
    expect(nextDeductionDate('2026-05-01', 20, '2026-01', promising(may5))).toBe('2026-05-05');
    expect(nextDeductionDate('2026-05-06', 20, '2026-01', promising(may5))).toBe('2026-06-20');
    // A promise made before the enrolment's first cycle is not its own.
    expect(nextDeductionDate('2026-03-10', 5, '2026-04', promising(march15))).toBe('2026-04-05');
  });

  it('is a retry already scheduled when it comes first, today when the run has yet to catch up on it', () => {
    const march18 = new Map([['2026-03', '2026-03-18']]);
    expect(nextDeductionDate('2026-03-16', 15, '2026-01', retrying(march18))).toBe('2026-03-18');
    expect(nextDeductionDate('2026-03-20', 15, '2026-01', retrying(march18))).toBe('2026-03-20');
    // Retried after the next cycle's deduction: that deduction comes first.
    expect(nextDeductionDate('2026-03-16', 15, '2026-01', retrying(new Map([['2026-03', '2026-04-20']])))).toBe('2026-04-15');
    // A retry of a cycle before the enrolment's first is a previous enrolment's: the run skips it.
    expect(nextDeductionDate('2026-03-16', 15, '2026-04', retrying(march18))).toBe('2026-04-15');
  });

  it('is never a cycle already settled, when the city has moved its day later since', () => {
    // March settled on the 15th; the day moved to the 20th on the 16th: March 20 makes no deduction, April 20 does.
    const march = { ...NO_SCHEDULE, settled: new Set(['2026-03']) };
    expect(nextDeduction('2026-03-16', 20, '2026-01', march)).toEqual({ cycle: '2026-04', date: '2026-04-20' });
    expect(settledBeforeItsDay('2026-03-16', 20, march)).toBe(true);
    // On the city's day itself, and in the usual month (settled on the day, which has passed), the month was covered.
    expect(settledBeforeItsDay('2026-03-20', 20, march)).toBe(false);
    expect(settledBeforeItsDay('2026-03-16', 15, march)).toBe(false);
    // A retry of the settled cycle still to come is its deduction.
    const retried = { ...march, retries: new Map([['2026-03', '2026-03-18']]) };
    expect(nextDeduction('2026-03-16', 20, '2026-01', retried)).toEqual({ cycle: '2026-03', date: '2026-03-18' });
    expect(settledBeforeItsDay('2026-03-16', 20, retried)).toBe(false);
  });
});

describe('cards', () => {
  it('are good through the last day of their expiry month', () => {
    expect(cardValidOn(3, 2026, '2026-03-31')).toBe(true);
    expect(cardValidOn(3, 2026, '2026-04-01')).toBe(false);
    expect(cardValidOn(12, 2026, '2027-01-15')).toBe(false);
    expect(cardValidOn(1, 2027, '2026-12-15')).toBe(true);
  });
});

describe('retries (the city retries 3 and 7 days after the first attempt)', () => {
  it('follows the schedule, then gives up', () => {
    expect(retryDateAfter('2026-03-15', '2026-03-15', [3, 7], 1)).toBe('2026-03-18');
    expect(retryDateAfter('2026-03-15', '2026-03-18', [3, 7], 2)).toBe('2026-03-22');
    expect(retryDateAfter('2026-03-15', '2026-03-22', [3, 7], 3)).toBeNull();
    expect(retryDateAfter('2026-03-15', '2026-03-15', [], 1)).toBeNull();
  });

  it('crosses the month end', () => {
    expect(retryDateAfter('2026-01-28', '2026-01-28', [3, 7], 1)).toBe('2026-01-31');
    expect(retryDateAfter('2026-01-28', '2026-01-31', [3, 7], 2)).toBe('2026-02-04');
  });

  it('never retries on the day of a failure, even after a late run', () => {
    expect(retryDateAfter('2026-03-15', '2026-03-21', [3, 7], 1)).toBe('2026-03-22');
  });
});

describe('reminders', () => {
  it('go out the city’s days before a deduction, or not at all', () => {
    expect(reminderDateFor('2026-03-01', 3)).toBe('2026-02-26');
    expect(reminderDateFor('2026-03-15', 0)).toBeNull();
  });
});
