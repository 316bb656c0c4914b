import { newConfirmationNumber, normaliseConfirmationNumber } from './confirmation-number';

describe('confirmation numbers', () => {
  it('are three groups of four, without characters that read alike', () => {
    for (let i = 0; i < 500; i++) {
      const number = newConfirmationNumber();
      expect(number).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(number).not.toMatch(/[01OIL]/);
    }
  });

  it('do not repeat or follow an order', () => {
    const numbers = Array.from({ length: 2000 }, newConfirmationNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect([...numbers].sort()).not.toEqual(numbers);
  });

  it('are read back however the payer types them', () => {
    expect(normaliseConfirmationNumber(' k7qm 4xpd 9r2t ')).toBe('K7QM-4XPD-9R2T');
    expect(normaliseConfirmationNumber('K7QM-4XPD-9R2')).toBeNull();
    expect(normaliseConfirmationNumber('K7QM-4XPD-9R2O')).toBeNull();
  });
});
