import { slugAsShown, tenantSlugFromRequest, tenantsSettingsFor } from './tenant-resolution';

describe('tenantSlugFromRequest', () => {
  it('prefers the x-tenant header', () => {
    expect(tenantSlugFromRequest({ 'x-tenant': 'Norman', host: 'norwalk.localhost:4000' }, false)).toBe('norman');
    expect(tenantSlugFromRequest({ 'x-tenant': 'Norman', 'x-forwarded-host': 'norwalk.pay.example.gov' }, true)).toBe('norman');
  });

  it('takes the first label of a multi-label host', () => {
    expect(tenantSlugFromRequest({ host: 'norman.localhost:4000' }, false)).toBe('norman');
    expect(tenantSlugFromRequest({ host: 'norwalk.pay.example.gov' }, false)).toBe('norwalk');
  });

  it('names no tenant for bare hosts and addresses', () => {
    expect(tenantSlugFromRequest({ host: 'localhost:4000' }, false)).toBeNull();
    expect(tenantSlugFromRequest({ host: '127.0.0.1:4000' }, false)).toBeNull();
    expect(tenantSlugFromRequest({ host: '[::1]:4000' }, false)).toBeNull();
    expect(tenantSlugFromRequest({}, false)).toBeNull();
  });

  it('passes an empty or malformed header through for the caller to refuse', () => {
    expect(tenantSlugFromRequest({ 'x-tenant': '' }, false)).toBe('');
    expect(tenantSlugFromRequest({ 'x-tenant': 'no such city!' }, false)).toBe('no such city!');
  });

  it('behind a trusted proxy, reads the host the client asked for from X-Forwarded-Host (the value the proxy added, last)', () => {
    expect(tenantSlugFromRequest({ host: 'gateway.internal:4000', 'x-forwarded-host': 'norman.pay.example.gov' }, true)).toBe('norman');
    expect(tenantSlugFromRequest({ host: '10.0.0.7:4000', 'x-forwarded-host': 'norwalk.pay.example.gov:443' }, true)).toBe('norwalk');
    expect(tenantSlugFromRequest({ host: 'gateway.internal', 'x-forwarded-host': 'gotham.evil.example, norman.pay.example.gov' }, true)).toBe('norman');
    expect(tenantSlugFromRequest({ host: 'norwalk.localhost', 'x-forwarded-host': ['norman.pay.example.gov'] }, true)).toBe('norman');
  });

  it('without a trusted proxy, anyone could send X-Forwarded-Host: it is ignored', () => {
    expect(tenantSlugFromRequest({ host: 'norwalk.localhost:4000', 'x-forwarded-host': 'norman.pay.example.gov' }, false)).toBe('norwalk');
    expect(tenantSlugFromRequest({ host: '127.0.0.1:4000', 'x-forwarded-host': 'norman.pay.example.gov' }, false)).toBeNull();
  });
});

describe('tenantsSettingsFor', () => {
  it("reserves the slug each of the platform's own hosts names, as a request to it would read it", () => {
    expect(tenantsSettingsFor(['https://Pay.Example.com:8443/base', null, 'https://phone.example.com'])).toEqual({
      platformHosts: [
        { host: 'pay.example.com', slug: 'pay' },
        { host: 'phone.example.com', slug: 'phone' },
      ],
      httpsOriginsOnly: false,
    });
  });

  it('reserves none for an address that names no city, or none configured', () => {
    expect(tenantsSettingsFor(['http://localhost:4000', 'http://127.0.0.1:4000', 'http://[::1]:4000', null])).toEqual({ platformHosts: [], httpsOriginsOnly: false });
    expect(tenantsSettingsFor([null], true).httpsOriginsOnly).toBe(true);
  });
});

describe('slugAsShown', () => {
  it('quotes a slug as sent in printable ASCII, at most 60 characters: a NUL, a right-to-left override or an escape is a "?"', () => {
    expect(slugAsShown('gotham')).toBe('gotham');
    expect(slugAsShown('norwalk\u0000')).toBe('norwalk?');
    expect(slugAsShown('\u202eklawron')).toBe('?klawron');
    expect(slugAsShown('a\u001b[2Jb\u009bc')).toBe('a?[2Jb?c');
    // One character, one "?", a pair of UTF-16 surrogates included.
    expect(slugAsShown('city\u{1f600}')).toBe('city?');
    expect(slugAsShown('x'.repeat(1000))).toBe('x'.repeat(60));
  });
});
