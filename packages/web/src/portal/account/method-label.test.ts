import { translate, type MessageKey } from '../../shared/i18n/translate';
import { methodLabel } from './method-label';

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
