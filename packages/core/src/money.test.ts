import { formatMoney, money, parseMoney, percentOf, toDecimalString } from './money';

describe('parseMoney', () => {
  it.each([
    ['12.34', 1234n],
    ['12', 1200n],
    ['0.5', 50n],
    ['0.05', 5n],
    ['  7.10 ', 710n],
    ['999999999999999.99', 99999999999999999n],
  ])('parses %s exactly', (text, cents) => {
    expect(parseMoney(text)).toEqual({ ok: true, value: money(cents) });
  });

  it.each([
    ['1.234', 'TOO_MANY_DECIMALS'],
    ['abc', 'INVALID_AMOUNT'],
    ['1e3', 'INVALID_AMOUNT'],
    ['', 'INVALID_AMOUNT'],
    ['-1.00', 'NEGATIVE_AMOUNT'],
  ])('refuses %s with %s', (text, error) => {
    expect(parseMoney(text)).toEqual({ ok: false, error });
  });

  it('accepts negatives only when asked', () => {
    expect(parseMoney('-1.25', 'USD', { allowNegative: true })).toEqual({ ok: true, value: money(-125n) });
  });
});

describe('formatting', () => {
  it('prints exact decimals', () => {
    expect(toDecimalString(money(123450n))).toBe('1234.50');
    expect(toDecimalString(money(-5n))).toBe('-0.05');
  });

  it('formats per locale without losing cents beyond float precision', () => {
    expect(formatMoney(money(123450n), 'en')).toBe('$1,234.50');
    expect(formatMoney(money(900719925474099399n), 'en')).toBe('$9,007,199,254,740,993.99');
    expect(formatMoney(money(123450n), 'es')).toBe('$1,234.50');
  });
});

describe('arithmetic', () => {
  it('takes basis points rounding half up', () => {
    expect(percentOf(money(1000n), 295).cents).toBe(30n); // 29.5 -> 30
    expect(percentOf(money(1000n), 294).cents).toBe(29n);
  });
});
