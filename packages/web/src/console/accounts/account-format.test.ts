import { cityDate } from '../city-time';
import { apiAmount, formatDateTime, isDollarAmount } from './account-format';

describe('isDollarAmount', () => {
  it('takes what staff type for a refund', () => {
    for (const ok of ['20', '20.5', '20.50', '$1,020.50', ' 3.00 ']) expect([ok, isDollarAmount(ok)]).toEqual([ok, true]);
    for (const bad of ['', '20.505', 'abc', '-5', '1e3']) expect([bad, isDollarAmount(bad)]).toEqual([bad, false]);
  });
  it('takes a minus only when signed (an adjustment that credits)', () => {
    expect(isDollarAmount('-25.00', { signed: true })).toBe(true);
    expect(isDollarAmount('-$25.00', { signed: true })).toBe(true);
    expect(isDollarAmount('--25', { signed: true })).toBe(false);
    expect(apiAmount(' $1,020.50 ')).toBe('1020.50');
    expect(apiAmount('-$25')).toBe('-25');
  });
});

describe('dates', () => {
  it('writes a calendar day the same wherever the browser is', () => {
    expect(cityDate('2026-11-23', 'en')).toBe('Nov 23, 2026');
    expect(cityDate('2026-11-23', 'es')).toMatch(/23 nov/);
  });
  it('writes a moment in the city’s zone', () => {
    expect(formatDateTime('2026-11-24T03:30:00Z', 'en', 'America/Chicago')).toMatch(/^Nov 23, 2026, 9:30\sPM$/);
  });
});
