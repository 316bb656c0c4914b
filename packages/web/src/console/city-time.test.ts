import { cityDate, cityDateTime } from './city-time';

describe('cityDateTime', () => {
  it('shows the instant on the city’s clock, naming its zone', () => {
    const instant = '2026-03-20T06:30:05Z';
    expect(cityDateTime(instant, 'America/Los_Angeles', 'en')).toBe('Mar 19, 2026, 11:30:05 PM PDT');
    expect(cityDateTime(instant, 'America/Chicago', 'en')).toBe('Mar 20, 2026, 1:30:05 AM CDT');
  });
});

describe('cityDate', () => {
  it('writes a calendar date without moving it to another day', () => {
    expect(cityDate('2026-03-01', 'en')).toBe('Mar 1, 2026');
    expect(cityDate('2026-03-01', 'es')).toMatch(/^1 mar 2026$/);
  });
});
