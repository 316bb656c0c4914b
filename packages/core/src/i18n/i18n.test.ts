import { negotiateLocale, offeredLocale } from './locale';
import { en } from './messages.en';
import { es } from './messages.es';
import { translate } from './translate';

describe('negotiateLocale', () => {
  it('picks by quality among the enabled locales', () => {
    expect(negotiateLocale('es-MX,es;q=0.9,en;q=0.8', ['en', 'es'], 'en')).toBe('es');
    expect(negotiateLocale('fr-FR,en;q=0.5,es;q=0.7', ['en', 'es'], 'en')).toBe('es');
    expect(negotiateLocale('en;q=0.2,es;q=0.9', ['en', 'es'], 'en')).toBe('es');
  });

  it('falls back to the tenant default when nothing enabled matches', () => {
    expect(negotiateLocale('es', ['en'], 'en')).toBe('en');
    expect(negotiateLocale(undefined, ['en', 'es'], 'es')).toBe('es');
    expect(negotiateLocale('es;q=0', ['en', 'es'], 'en')).toBe('en');
  });
});

describe('catalogues', () => {
  it('Spanish has every English key, each using the same placeholders', () => {
    const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(es[key])]).toEqual([key, placeholders(en[key])]);
    }
  });

  it('gives only reserved fictional phone numbers (555-0100 to 555-0199) as examples, never a real city line', () => {
    // Every city's residents and staff read these messages, so a real number here sends them to one city's office.
    const numbers = (text: string) => [...text.matchAll(/(?:\+1[ -]?)?\(?\d{3}\)?[-. ]?(\d{3})[-. ]?(\d{4})/g)];
    for (const catalogue of [en, es]) {
      for (const [key, text] of Object.entries(catalogue)) {
        for (const [written, exchange, line] of numbers(text)) expect([key, written, `${exchange}-${line}`]).toEqual([key, written, expect.stringMatching(/^555-01\d\d$/)]);
      }
    }
    expect(numbers(en['customer.phoneInvalid'])).toHaveLength(1);
    expect(numbers(es['tenant.phoneInvalid'])).toHaveLength(2);
  });

  it("keeps TENANT_REQUIRED's message whole in a WebSocket close reason (at most 123 bytes, its code before it)", () => {
    for (const catalogue of [en, es]) expect(Buffer.byteLength(`TENANT_REQUIRED: ${catalogue['tenant.required']}`)).toBeLessThanOrEqual(123);
  });

  it('fills placeholders', () => {
    expect(translate('es', 'tenant.notFound', { slug: 'gotham' })).toBe('Ninguna ciudad llamada "gotham" usa este servicio.');
    expect(translate('en', 'tenant.notFound', { slug: 'gotham' })).toBe('No city called "gotham" uses this service.');
  });
});

describe('offeredLocale', () => {
  it('keeps the chosen language while the city offers it', () => {
    expect(offeredLocale({ locales: ['en', 'es'], defaultLocale: 'en' }, 'es')).toBe('es');
  });
  it("gives the city's default for a language the city no longer offers", () => {
    expect(offeredLocale({ locales: ['es'], defaultLocale: 'es' }, 'en')).toBe('es');
    expect(offeredLocale({ locales: ['en'], defaultLocale: 'en' }, 'es')).toBe('en');
  });
});
