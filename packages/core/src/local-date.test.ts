import { addDays, daysBetween, formatLocalDate, isIsoDate, localDateOf } from './local-date';

describe('isIsoDate', () => {
  it.each(['2026-11-23', '2024-02-29', '2026-12-31'])('accepts %s', (text) => expect(isIsoDate(text)).toBe(true));
  it.each(['2026-02-29', '2026-13-01', '2026-11-31', '11/23/2026', '2026-1-5', '', '2026-11-23T00:00:00Z', '2026-1a-05', 'abcd-ef-gh', '2026/11/23', '０２０２６-11-2', '0099-01-01'])(
    'refuses %s',
    (text) => expect(isIsoDate(text)).toBe(false),
  );
  it('agrees with the calendar for every day, month and leap rule (1900, 2000, 2024, 2100), and refuses years before 100', () => {
    const byCalendar = (y: number, m: number, d: number) => {
      const date = new Date(Date.UTC(y, m - 1, d));
      return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
    };
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const disagreements: string[] = [];
    for (const y of [50, 1900, 1999, 2000, 2023, 2024, 2100, 2400])
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          if (isIsoDate(text) !== byCalendar(y, m, d)) disagreements.push(text);
        }
    expect(disagreements).toEqual([]);
    expect(isIsoDate('0050-01-01')).toBe(false);
  });
});

describe('localDateOf', () => {
  it("is the city's date, not UTC's", () => {
    const instant = new Date('2026-11-24T03:30:00Z');
    expect(localDateOf(instant, 'UTC')).toBe('2026-11-24');
    expect(localDateOf(instant, 'America/Los_Angeles')).toBe('2026-11-23');
    expect(localDateOf(instant, 'America/Chicago')).toBe('2026-11-23');
  });

  it('holds across a daylight-saving change', () => {
    // 2026-03-08 02:00 local is when Los Angeles springs forward.
    expect(localDateOf(new Date('2026-03-08T07:59:00Z'), 'America/Los_Angeles')).toBe('2026-03-07');
    expect(localDateOf(new Date('2026-03-08T08:01:00Z'), 'America/Los_Angeles')).toBe('2026-03-08');
  });

  it('turns at midnight to the millisecond, whatever was asked just before', () => {
    // Midnight in Chicago (UTC-6 in winter) is 06:00 UTC: the last millisecond of one day and the first of the next.
    const before = new Date('2026-12-02T05:59:59.999Z');
    const midnight = new Date('2026-12-02T06:00:00.000Z');
    expect([localDateOf(before, 'America/Chicago'), localDateOf(midnight, 'America/Chicago'), localDateOf(before, 'America/Chicago')]).toEqual(['2026-12-01', '2026-12-02', '2026-12-01']);
    // Another zone asked about in the same minute has its own date.
    expect(localDateOf(midnight, 'America/Los_Angeles')).toBe('2026-12-01');
    expect(localDateOf(new Date('2026-12-02T06:00:59.999Z'), 'America/Chicago')).toBe('2026-12-02');
  });

  it('holds where midnight fell inside a minute (Monrovia, -0:44:30 until 1972)', () => {
    // Local midnight of 1971-06-01 was 00:44:30 UTC: one UTC minute holds both dates.
    expect(localDateOf(new Date('1971-06-01T00:44:29Z'), 'Africa/Monrovia')).toBe('1971-05-31');
    expect(localDateOf(new Date('1971-06-01T00:44:31Z'), 'Africa/Monrovia')).toBe('1971-06-01');
    expect(localDateOf(new Date('1971-06-01T00:44:29Z'), 'Africa/Monrovia')).toBe('1971-05-31');
  });
});

describe('date arithmetic', () => {
  it('adds days across month, year and leap day', () => {
    expect(addDays('2026-11-23', 8)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts whole days, including over a daylight-saving change', () => {
    expect(daysBetween('2026-11-01', '2026-11-23')).toBe(22);
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2026-11-23', '2026-11-01')).toBe(-22);
  });

  it('refuses a malformed date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('formatLocalDate', () => {
  it("writes the calendar date itself, whatever the machine's zone, in the language", () => {
    expect(formatLocalDate('2026-03-15', 'en')).toBe('March 15, 2026');
    expect(formatLocalDate('2026-03-01', 'es')).toBe('1 de marzo de 2026');
  });
});
