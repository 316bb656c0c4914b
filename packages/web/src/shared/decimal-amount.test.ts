import { decimalFromCents, parseAmountCents } from './decimal-amount';

describe('decimalFromCents', () => {
  it('writes cents as dollars and cents without floating point', () => {
    expect(decimalFromCents(2050n)).toBe('20.50');
    expect(decimalFromCents(5n)).toBe('0.05');
    expect(decimalFromCents(-5n)).toBe('-0.05');
    expect(decimalFromCents(900719925474099312n)).toBe('9007199254740993.12');
  });
});

describe('parseAmountCents: what a resident types', () => {
  it.each([
    ['85', 8500n],
    ['85.5', 8550n],
    ['85.50', 8550n],
    ['$1,085.50', 108550n],
    [' 0.01 ', 1n],
    ['0', 0n],
  ])('reads %p as %p cents', (text, cents) => {
    expect(parseAmountCents(text)).toBe(cents);
  });

  it.each(['', 'abc', '85.505', '-5.00', '1e3', '85,5', '1,0000.00', '.50'])('refuses %p', (text) => {
    expect(parseAmountCents(text)).toBeNull();
  });

  it('round-trips through the API’s decimal string without floating point', () => {
    for (const cents of [0n, 1n, 10n, 99n, 100n, 8585n, 99999999999n]) expect(parseAmountCents(decimalFromCents(cents))).toBe(cents);
    expect(decimalFromCents(8505n)).toBe('85.05');
  });
});

describe('parseAmountCents: what staff type', () => {
  it('reads one amount however its cents are written, as the server does', () => {
    expect([parseAmountCents('12.5'), parseAmountCents('12.50'), parseAmountCents(' $12.50 '), parseAmountCents('1,012.5')]).toEqual([1250n, 1250n, 1250n, 101250n]);
    expect([parseAmountCents('-25', { signed: true }), parseAmountCents('-$0.05', { signed: true }), parseAmountCents('$-1,000', { signed: true })]).toEqual([-2500n, -5n, -100000n]);
    expect([parseAmountCents(' $1,020.50 '), parseAmountCents('1,234,567.89')]).toEqual([102050n, 123456789n]);
  });
  it('takes a comma only between groups of three whole digits (a decimal comma is refused, not read 100 times larger)', () => {
    for (const bad of ['12,50', '-12,50', '1,2', '1,0000', ',100', '1,000,00', '12,', '1.000,50', '$1,,000', '1$2', '12.50-', '--25'])
      expect([bad, parseAmountCents(bad, { signed: true })]).toEqual([bad, null]);
  });
  it('refuses what the server refuses', () => {
    for (const bad of ['', '-5', '12.505', '1e3', '.5', '1234567890123456', '12.']) expect([bad, parseAmountCents(bad)]).toEqual([bad, null]);
  });
});
