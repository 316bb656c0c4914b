import { cityDate } from '../city-time';
import { amountCents, formatDateTime, isDollarAmount } from './account-format';

describe('isDollarAmount', () => {
  it('takes what staff type for a refund', () => {
    for (const ok of ['20', '20.5', '20.50', '$1,020.50', ' 3.00 ']) expect([ok, isDollarAmount(ok)]).toEqual([ok, true]);
    for (const bad of ['', '20.505', 'abc', '-5', '1e3']) expect([bad, isDollarAmount(bad)]).toEqual([bad, false]);
  });
  it('takes a minus only when signed (an adjustment that credits)', () => {
    expect(isDollarAmount('-25.00', { signed: true })).toBe(true);
    expect(isDollarAmount('-$25.00', { signed: true })).toBe(true);
    expect(isDollarAmount('--25', { signed: true })).toBe(false);
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

describe('amountCents', () => {
  it('reads one amount however its cents are written, as the server does', () => {
    expect([amountCents('12.5'), amountCents('12.50'), amountCents(' $12.50 '), amountCents('1,012.5')]).toEqual([1250n, 1250n, 1250n, 101250n]);
    expect([amountCents('-25', { signed: true }), amountCents('-$0.05', { signed: true }), amountCents('$-1,000', { signed: true })]).toEqual([-2500n, -5n, -100000n]);
    expect([amountCents(' $1,020.50 '), amountCents('1,234,567.89')]).toEqual([102050n, 123456789n]);
  });
  it('takes a comma only between groups of three whole digits (a decimal comma is refused, not read 100 times larger)', () => {
    for (const bad of ['12,50', '-12,50', '1,2', '1,0000', ',100', '1,000,00', '12,', '1.000,50', '$1,,000', '1$2', '12.50-']) expect([bad, amountCents(bad, { signed: true })]).toEqual([bad, null]);
  });
  it('refuses what the server refuses', () => {
    for (const bad of ['', '-5', '12.505', '1e3', '.5', '1234567890123456', '12.']) expect([bad, amountCents(bad)]).toEqual([bad, null]);
  });
});
