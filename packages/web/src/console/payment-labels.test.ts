import { translate, type Locale } from '../shared/i18n/translate';
import { methodLabel } from './payment-labels';

const t = (locale: Locale) => (key: Parameters<typeof translate>[1], params?: Readonly<Record<string, string | number>>) => translate(locale, key, params);

describe('methodLabel', () => {
  it('names each way of paying as staff read it, in the page’s language', () => {
    expect(methodLabel(t('en'), { kind: 'CARD', brand: 'VISA', last4: '4242' })).toBe('Visa ending 4242');
    expect(methodLabel(t('en'), { kind: 'BANK_ACCOUNT', brand: null, last4: '6789' })).toBe('Bank account ending 6789');
    expect(methodLabel(t('en'), { kind: 'CASH', brand: null, last4: '' })).toBe('Cash');
    expect(methodLabel(t('en'), { kind: 'CHECK', brand: null, last4: '1234', checkNumber: '001234' })).toBe('Check #001234');
    expect(methodLabel(t('es'), { kind: 'CASH', brand: null, last4: '' })).toBe('Efectivo');
    expect(methodLabel(t('es'), { kind: 'CHECK', brand: null, last4: '1234', checkNumber: '1234' })).toBe('Cheque n.º 1234');
  });

  it('shows a kind added after this page by its name and last four', () => {
    expect(methodLabel(t('en'), { kind: 'DIGITAL_WALLET', brand: null, last4: '1111' })).toBe('Digital wallet 1111');
  });
});
