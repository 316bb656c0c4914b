import { spellOut, spokenBrand } from './call-speech';

describe('spellOut', () => {
  it('reads a confirmation number a character at a time, its groups apart', () => {
    expect(spellOut('K7QM-4XPD-9R2T')).toBe('K, 7, Q, M. 4, X, P, D. 9, R, 2, T');
    expect(spellOut('0417')).toBe('0, 4, 1, 7');
  });
});

describe('spokenBrand', () => {
  it('names the card types <Pay> reports, and says "card" for others', () => {
    expect(['visa', 'mastercard', 'amex', 'discover', 'jcb'].map(spokenBrand)).toEqual(['Visa', 'Mastercard', 'American Express', 'Discover', 'card']);
  });
});
