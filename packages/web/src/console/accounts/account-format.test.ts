import { cityDate } from '../city-time';
import { formatDateTime } from './account-format';

describe('dates', () => {
  it('writes a calendar day the same wherever the browser is', () => {
    expect(cityDate('2026-11-23', 'en')).toBe('Nov 23, 2026');
    expect(cityDate('2026-11-23', 'es')).toMatch(/23 nov/);
  });
  it('writes a moment in the city’s zone', () => {
    expect(formatDateTime('2026-11-24T03:30:00Z', 'en', 'America/Chicago')).toMatch(/^Nov 23, 2026, 9:30\sPM$/);
  });
});
