import { en, type MessageKey } from './en';
import { es } from './es';
import { pageLocale, translate } from './translate';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the page text catalogues', () => {
  it('give every message the same placeholders in English and Spanish', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect([key, placeholders(es[key])]).toEqual([key, placeholders(en[key])]);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('es', 'console.signIn.intro', { city: 'City of Norwalk' })).toBe('Para el personal de soporte y de administración de City of Norwalk.');
    expect(translate('en', 'common.logoAlt')).toBe('{city} logo');
  });

  it('maps the API’s locale enum', () => {
    expect(pageLocale('ES')).toBe('es');
    expect(pageLocale('FR')).toBe('en');
  });
});
