import { maskedAccountSaid, methodSaid } from './said-digits';

describe('numbers in messages, said digit by digit', () => {
  it('names a masked account by its last four, without the asterisks a plain-text reader takes for markup', () => {
    expect(maskedAccountSaid('**-**02-00', 'en')).toBe('ending in 0 2 0 0');
    expect(maskedAccountSaid('****-0417', 'es')).toBe('terminada en 0 4 1 7');
  });

  it('names a card or bank account by its last four, in the language', () => {
    expect(methodSaid({ kind: 'CARD', brand: 'VISA', last4: '4242' }, 'en')).toBe('Visa ending in 4 2 4 2');
    expect(methodSaid({ kind: 'CARD', brand: null, last4: '4242' }, 'es')).toBe('tarjeta terminada en 4 2 4 2');
    expect(methodSaid({ kind: 'BANK_ACCOUNT', brand: null, last4: '6789' }, 'es')).toBe('cuenta bancaria terminada en 6 7 8 9');
  });
});
