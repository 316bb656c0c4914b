import { expectedPostingDate, type PostingRules } from './posting-date';

const NORWALK: PostingRules = { timeZone: 'America/Los_Angeles', cutoffLocalTime: '00:00', lagDays: 1, businessDaysOnly: false, cityHolidays: [] };
const NORMAN: PostingRules = { timeZone: 'America/Chicago', cutoffLocalTime: '00:00', lagDays: 1, businessDaysOnly: false, cityHolidays: [] };
const at = (iso: string) => new Date(iso);

describe('expectedPostingDate', () => {
  it('Norwalk: before midnight posts the next day; just after midnight, the day after that', () => {
    expect(expectedPostingDate(at('2026-11-24T07:59:00Z'), NORWALK)).toBe('2026-11-24'); // 23:59 on the 23rd, Pacific
    expect(expectedPostingDate(at('2026-11-24T08:01:00Z'), NORWALK)).toBe('2026-11-25'); // 00:01 on the 24th
  });

  it('uses the city’s own midnight, not UTC’s: the same instant is a different day in each city', () => {
    const instant = at('2026-11-24T07:00:00Z'); // 23:00 Pacific on the 23rd, 01:00 Central on the 24th
    expect(expectedPostingDate(instant, NORWALK)).toBe('2026-11-24');
    expect(expectedPostingDate(instant, NORMAN)).toBe('2026-11-25');
  });

  it('crosses month and year ends', () => {
    expect(expectedPostingDate(at('2026-12-01T07:00:00Z'), NORWALK)).toBe('2026-12-01'); // Nov 30, 23:00 Pacific
    expect(expectedPostingDate(at('2027-01-01T05:30:00Z'), NORMAN)).toBe('2027-01-01'); // Dec 31, 23:30 Central
    expect(expectedPostingDate(at('2028-02-29T12:00:00Z'), NORMAN)).toBe('2028-03-01');
  });

  it('holds across daylight-saving changes in both zones', () => {
    // Spring forward, 2026-03-08: 23:30 local on the 7th is 07:30Z (PST) / 05:30Z (CST); 00:30 local on the 8th is 08:30Z / 06:30Z.
    expect(expectedPostingDate(at('2026-03-08T07:30:00Z'), NORWALK)).toBe('2026-03-08');
    expect(expectedPostingDate(at('2026-03-08T08:30:00Z'), NORWALK)).toBe('2026-03-09');
    expect(expectedPostingDate(at('2026-03-08T05:30:00Z'), NORMAN)).toBe('2026-03-08');
    expect(expectedPostingDate(at('2026-03-08T06:30:00Z'), NORMAN)).toBe('2026-03-09');
    // Fall back, 2026-11-01: 23:30 local on Oct 31 is 06:30Z (PDT) / 04:30Z (CDT); 23:30 on Nov 1 is 07:30Z (PST) / 05:30Z (CST).
    expect(expectedPostingDate(at('2026-11-01T06:30:00Z'), NORWALK)).toBe('2026-11-01');
    expect(expectedPostingDate(at('2026-11-02T07:30:00Z'), NORWALK)).toBe('2026-11-02');
    expect(expectedPostingDate(at('2026-11-01T04:30:00Z'), NORMAN)).toBe('2026-11-01');
    expect(expectedPostingDate(at('2026-11-02T05:30:00Z'), NORMAN)).toBe('2026-11-02');
  });

  it('passes a cutoff in the hour clocks repeat the first time they show it, and one in the hour they skip as they skip it', () => {
    // Fall back, 2026-11-01 in Norman: 1:00-1:59 AM is shown in daylight time (06:00-06:59Z), then again in standard time (07:00-07:59Z).
    const repeated: PostingRules = { ...NORMAN, cutoffLocalTime: '01:30' };
    expect(expectedPostingDate(at('2026-11-01T06:15:00Z'), repeated)).toBe('2026-11-02'); // 1:15 AM CDT, before the cutoff
    expect(expectedPostingDate(at('2026-11-01T06:45:00Z'), repeated)).toBe('2026-11-03'); // 1:45 AM CDT, after it
    expect(expectedPostingDate(at('2026-11-01T07:15:00Z'), repeated)).toBe('2026-11-03'); // 1:15 AM CST, half an hour later still
    expect(expectedPostingDate(at('2026-11-01T07:45:00Z'), repeated)).toBe('2026-11-03'); // 1:45 AM CST
    // The same cutoff the day before and after: shown once.
    expect(expectedPostingDate(at('2026-10-31T06:15:00Z'), repeated)).toBe('2026-11-01');
    expect(expectedPostingDate(at('2026-11-02T07:15:00Z'), repeated)).toBe('2026-11-03');
    // Spring forward, 2026-03-08: 1:59 AM CST (07:59Z) is followed by 3:00 AM CDT (08:00Z); a 2:30 AM cutoff passes then.
    const skipped: PostingRules = { ...NORMAN, cutoffLocalTime: '02:30' };
    expect(expectedPostingDate(at('2026-03-08T07:59:00Z'), skipped)).toBe('2026-03-09');
    expect(expectedPostingDate(at('2026-03-08T08:00:00Z'), skipped)).toBe('2026-03-10');
    // Lord Howe sets its clocks back half an hour (2:00 AM +11 to 1:30 AM +10:30), on 2026-04-05.
    const halfHour: PostingRules = { ...NORMAN, timeZone: 'Australia/Lord_Howe', cutoffLocalTime: '01:45' };
    expect(expectedPostingDate(at('2026-04-04T14:50:00Z'), halfHour)).toBe('2026-04-07'); // 1:50 AM +11, after the cutoff
    expect(expectedPostingDate(at('2026-04-04T15:10:00Z'), halfHour)).toBe('2026-04-07'); // 1:40 AM +10:30, after it still
  });

  it('applies an afternoon cutoff: at or after it, the payment counts as the next day', () => {
    const rules: PostingRules = { ...NORMAN, cutoffLocalTime: '17:00' };
    expect(expectedPostingDate(at('2026-11-23T22:59:00Z'), rules)).toBe('2026-11-24'); // 16:59 Central
    expect(expectedPostingDate(at('2026-11-23T23:00:00Z'), rules)).toBe('2026-11-25'); // 17:00 Central
  });

  it('counts business days only, for a city that posts on weekdays', () => {
    const rules: PostingRules = { ...NORMAN, businessDaysOnly: true, lagDays: 1 };
    expect(expectedPostingDate(at('2026-11-20T18:00:00Z'), rules)).toBe('2026-11-23'); // Friday -> Monday
    expect(expectedPostingDate(at('2026-11-21T18:00:00Z'), rules)).toBe('2026-11-24'); // Saturday counts as Monday -> Tuesday
    expect(expectedPostingDate(at('2026-11-22T18:00:00Z'), rules)).toBe('2026-11-24'); // Sunday -> Tuesday
    expect(expectedPostingDate(at('2026-11-23T18:00:00Z'), rules)).toBe('2026-11-24'); // Monday -> Tuesday
    expect(expectedPostingDate(at('2026-11-27T18:00:00Z'), { ...rules, lagDays: 2 })).toBe('2026-12-01'); // Friday + 2 -> Tuesday
    // After a Friday cutoff the payment is Saturday's, which counts as Monday's.
    expect(expectedPostingDate(at('2026-11-20T23:30:00Z'), { ...rules, cutoffLocalTime: '17:00' })).toBe('2026-11-24');
  });

  it('posts the same day with no lag', () => {
    expect(expectedPostingDate(at('2026-11-23T18:00:00Z'), { ...NORMAN, lagDays: 0 })).toBe('2026-11-23');
  });

  describe('skips bank holidays when counting business days, in each city', () => {
    // Noon on a given day, in each city's own zone.
    const noon = (day: string, city: PostingRules) => at(`${day}T${city === NORWALK ? '20' : '18'}:00:00Z`);
    const cities = [
      ['Norwalk', { ...NORWALK, businessDaysOnly: true }],
      ['Norman', { ...NORMAN, businessDaysOnly: true }],
    ] as const;

    it.each(cities)('%s: Thanksgiving is no business day; the day after is, unless the city closes too', (_name, rules) => {
      const city = rules.timeZone === NORWALK.timeZone ? NORWALK : NORMAN;
      expect(expectedPostingDate(noon('2026-11-25', city), rules)).toBe('2026-11-27'); // Wednesday -> Friday, over Thanksgiving
      expect(expectedPostingDate(noon('2026-11-26', city), rules)).toBe('2026-11-30'); // made on Thanksgiving: counts as Friday's -> Monday
      const closedFriday = { ...rules, cityHolidays: ['2026-11-27'] };
      expect(expectedPostingDate(noon('2026-11-25', city), closedFriday)).toBe('2026-11-30');
      expect(expectedPostingDate(noon('2026-11-26', city), closedFriday)).toBe('2026-12-01');
      // Without business days, holidays do not matter.
      expect(expectedPostingDate(noon('2026-11-25', city), { ...rules, businessDaysOnly: false })).toBe('2026-11-26');
    });

    it.each(cities)('%s: the day after Christmas', (_name, rules) => {
      const city = rules.timeZone === NORWALK.timeZone ? NORWALK : NORMAN;
      // 2025: Christmas is a Thursday; the Friday after is a business day unless the city closes.
      expect(expectedPostingDate(noon('2025-12-24', city), rules)).toBe('2025-12-26');
      expect(expectedPostingDate(noon('2025-12-26', city), rules)).toBe('2025-12-29');
      expect(expectedPostingDate(noon('2025-12-24', city), { ...rules, cityHolidays: ['2025-12-26'] })).toBe('2025-12-29');
      expect(expectedPostingDate(noon('2025-12-26', city), { ...rules, cityHolidays: ['2025-12-26'] })).toBe('2025-12-30');
      // 2022: Christmas is a Sunday, so banks close Monday the 26th instead.
      expect(expectedPostingDate(noon('2022-12-23', city), rules)).toBe('2022-12-27');
      expect(expectedPostingDate(noon('2022-12-26', city), rules)).toBe('2022-12-28');
      // 2027: Christmas is a Saturday; banks stay open on Friday the 24th.
      expect(expectedPostingDate(noon('2027-12-23', city), rules)).toBe('2027-12-24');
    });
  });
});
