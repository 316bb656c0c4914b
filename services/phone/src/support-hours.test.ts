import { describeSupportHours, supportOpen } from './support-hours';

const NORMAN_HOURS = [{ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] as const, opens: '08:00', closes: '17:00' }];

describe('supportOpen', () => {
  it("reads the hours in the city's time zone", () => {
    // A Tuesday: 14:30 UTC is 08:30 in Chicago (CST), 13:59 UTC is 07:59.
    expect(supportOpen(NORMAN_HOURS, 'America/Chicago', new Date('2026-03-03T14:30:00Z'))).toBe(true);
    expect(supportOpen(NORMAN_HOURS, 'America/Chicago', new Date('2026-03-03T13:59:00Z'))).toBe(false);
    // 17:00 is closed; Saturday is closed.
    expect(supportOpen(NORMAN_HOURS, 'America/Chicago', new Date('2026-03-03T23:00:00Z'))).toBe(false);
    expect(supportOpen(NORMAN_HOURS, 'America/Chicago', new Date('2026-03-07T16:00:00Z'))).toBe(false);
  });

  it('is always open where the city publishes no hours', () => {
    expect(supportOpen([], 'America/Los_Angeles', new Date('2026-03-07T10:00:00Z'))).toBe(true);
  });
});

describe('describeSupportHours', () => {
  it('says a run of days as a range, in the caller’s language', () => {
    expect(describeSupportHours(NORMAN_HOURS, 'America/Chicago', 'en')).toMatch(/^Customer service is available Monday to Friday, 8:00\sAM to 5:00\sPM, Central/);
    expect(describeSupportHours(NORMAN_HOURS, 'America/Chicago', 'es')).toMatch(/de lunes a viernes/);
  });
});
