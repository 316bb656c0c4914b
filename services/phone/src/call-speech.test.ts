import { translate } from '@platform/core';
import { spellOut, spokenBrand } from './call-speech';

describe('spellOut', () => {
  it('reads a confirmation number a character at a time, its groups apart', () => {
    expect(spellOut('K7QM-4XPD-9R2T')).toBe('K, 7, Q, M. 4, X, P, D. 9, R, 2, T');
    expect(spellOut('0417')).toBe('0, 4, 1, 7');
  });
});

describe('spokenBrand', () => {
  it('names the card types <Pay> reports, and says "card" for others', () => {
    expect(['visa', 'mastercard', 'amex', 'discover', 'jcb'].map((type) => spokenBrand(type, 'en'))).toEqual(['Visa', 'Mastercard', 'American Express', 'Discover', 'card']);
  });

  it('confirms a card in Spanish wholly in Spanish, one of another type too', () => {
    expect(translate('es', 'phone.confirm', { amount: '$25', brand: spokenBrand('visa', 'es'), last4: '4, 2, 4, 2' })).toMatch(/^Está pagando \$25 con la tarjeta Visa que termina en 4, 2, 4, 2\./);
    expect(translate('es', 'phone.confirm', { amount: '$25', brand: spokenBrand('jcb', 'es'), last4: '0, 0, 0, 1' })).toMatch(/^Está pagando \$25 con la tarjeta que termina en 0, 0, 0, 1\./);
    expect(translate('en', 'phone.confirm', { amount: '$25', brand: spokenBrand('jcb', 'en'), last4: '0, 0, 0, 1' })).toMatch(/^You are paying \$25 with the card ending in 0, 0, 0, 1\./);
  });
});
