import { describeSupportHours, supportNow, type SupportCalendar } from './support-hours';

const NORMAN_HOURS = [{ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] as const, opens: '08:00', closes: '17:00' }];
const norman = (postingHolidays: string[] = []): SupportCalendar => ({ timeZone: 'America/Chicago', contact: { supportHours: NORMAN_HOURS }, paymentRules: { postingHolidays } });

describe('supportNow', () => {
  it("reads the hours in the city's time zone", () => {
    // A Tuesday: 14:30 UTC is 08:30 in Chicago (CST), 13:59 UTC is 07:59.
    expect(supportNow(norman(), new Date('2026-03-03T14:30:00Z'))).toBe('OPEN');
    expect(supportNow(norman(), new Date('2026-03-03T13:59:00Z'))).toBe('CLOSED');
    // 17:00 is closed; Saturday is closed.
    expect(supportNow(norman(), new Date('2026-03-03T23:00:00Z'))).toBe('CLOSED');
    expect(supportNow(norman(), new Date('2026-03-07T16:00:00Z'))).toBe('CLOSED');
  });

  it('is closed all day on a US federal holiday and on a day the city closes, by its own calendar', () => {
    // Thanksgiving, Thursday 26 November 2026, 10:00 in Chicago.
    expect(supportNow(norman(), new Date('2026-11-26T16:00:00Z'))).toBe('HOLIDAY');
    // Friday 27 November at 04:30 UTC is still Thanksgiving in Chicago (22:30); at 10:00 the Friday is an ordinary day...
    expect(supportNow(norman(), new Date('2026-11-27T04:30:00Z'))).toBe('HOLIDAY');
    expect(supportNow(norman(), new Date('2026-11-27T16:00:00Z'))).toBe('OPEN');
    // ...unless the city closes on it.
    expect(supportNow(norman(['2026-11-27']), new Date('2026-11-27T16:00:00Z'))).toBe('HOLIDAY');
  });

  it('keeps a Saturday holiday on the Friday before, as government offices do (banks do not)', () => {
    // Independence Day 2026 is Saturday 4 July: Friday 3 July, 10:00 in Chicago, and the Thursday before.
    expect(supportNow(norman(), new Date('2026-07-03T15:00:00Z'))).toBe('HOLIDAY');
    expect(supportNow(norman(), new Date('2026-07-02T15:00:00Z'))).toBe('OPEN');
  });

  it('is always open where the city publishes no hours', () => {
    expect(supportNow({ ...norman(), timeZone: 'America/Los_Angeles', contact: { supportHours: [] } }, new Date('2026-03-07T10:00:00Z'))).toBe('OPEN');
    expect(supportNow({ ...norman(), contact: { supportHours: [] } }, new Date('2026-11-26T16:00:00Z'))).toBe('OPEN');
  });
});

describe('describeSupportHours', () => {
  it('says a run of days as a range, in the caller’s language', () => {
    expect(describeSupportHours(NORMAN_HOURS, 'America/Chicago', 'en')).toMatch(/^Customer service is available Monday to Friday, 8:00\sAM to 5:00\sPM, Central.*, except holidays\./);
    expect(describeSupportHours(NORMAN_HOURS, 'America/Chicago', 'es')).toMatch(/de lunes a viernes.*, excepto los días feriados\./);
  });
});
