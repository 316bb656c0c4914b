import { decimalFromCents } from './decimal-amount';

describe('decimalFromCents', () => {
  it('writes cents as dollars and cents without floating point', () => {
    expect(decimalFromCents(2050n)).toBe('20.50');
    expect(decimalFromCents(5n)).toBe('0.05');
    expect(decimalFromCents(-5n)).toBe('-0.05');
    expect(decimalFromCents(900719925474099312n)).toBe('9007199254740993.12');
  });
});
