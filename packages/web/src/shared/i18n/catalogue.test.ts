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

  it('gives only reserved fictional phone numbers (555-0100 to 555-0199) as examples, never a real city line', () => {
    // Every city's pages show these texts, so a real number here sends residents to one city's office.
    const numbers = (text: string) => [...text.matchAll(/(?:\+1[ -]?)?\(?\d{3}\)?[-. ]?(\d{3})[-. ]?(\d{4})/g)];
    for (const catalogue of [en, es]) {
      for (const [key, text] of Object.entries(catalogue)) {
        for (const [written, exchange, line] of numbers(text)) expect([key, written, `${exchange}-${line}`]).toEqual([key, written, expect.stringMatching(/^555-01\d\d$/)]);
      }
    }
    expect(numbers(es['account.phoneHint'])).toHaveLength(1);
  });

  it('calls the convenience fee in Spanish what the home page, the emails and the phone line call it, never another fee', () => {
    // "Sin cargo por conveniencia" on the home page then a "Cargo por servicio" line at the pay step reads as a second fee.
    const aboutTheFee = (Object.keys(en) as MessageKey[]).filter((key) => /convenience fee/i.test(en[key]));
    expect(aboutTheFee.length).toBeGreaterThan(5);
    for (const key of aboutTheFee) expect([key, es[key]]).toEqual([key, expect.stringMatching(/cargo por conveniencia/i)]);
    expect(Object.entries(es).filter(([, text]) => /cargo por servicio/i.test(text))).toEqual([]);
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
