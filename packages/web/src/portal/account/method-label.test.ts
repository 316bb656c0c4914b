import { translate, type MessageKey } from '../../shared/i18n/translate';
import { blockedSaid, methodLabel } from './method-label';

const en = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => translate('en', key, params);
const es = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => translate('es', key, params);

describe('methodLabel', () => {
  it('names a card by its brand and last four, in the page’s language', () => {
    expect(methodLabel(en, { kind: 'CARD', brand: 'AMERICAN_EXPRESS', last4: '0005' })).toBe('American Express ending 0005');
    expect(methodLabel(es, { kind: 'CARD', brand: 'VISA', last4: '4242' })).toBe('Visa que termina en 4242');
  });

  it('says "Card" when the brand is unknown, and names a bank account by its last four', () => {
    expect(methodLabel(en, { kind: 'CARD', brand: null, last4: '1111' })).toBe('Card ending 1111');
    expect(methodLabel(en, { kind: 'BANK_ACCOUNT', last4: '6789' })).toBe('Bank account ending 6789');
  });
});

describe('blockedSaid', () => {
  it('says a bank account closed at its bank is gone, and a returned one by its return code when the bank gave one', () => {
    expect(blockedSaid(en, 'INVALID_ACCOUNT')).toBe('Cannot be used: your bank says this account no longer exists. Use another method.');
    expect(blockedSaid(es, 'INVALID_ACCOUNT')).toBe('No se puede usar: su banco dice que esta cuenta ya no existe. Use otro método.');
    expect(blockedSaid(en, 'R02')).toBe('Cannot be used: your bank returned a payment from this account (return code R02). Use another method.');
    expect(blockedSaid(en, 'RETURNED')).toBe('Cannot be used: your bank returned a payment from this account. Use another method.');
  });
});
