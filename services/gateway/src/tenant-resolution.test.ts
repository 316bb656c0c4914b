import { tenantSlugFromRequest } from './tenant-resolution';

describe('tenantSlugFromRequest', () => {
  it('prefers the x-tenant header', () => {
    expect(tenantSlugFromRequest({ 'x-tenant': 'Norman', host: 'norwalk.localhost:4000' })).toBe('norman');
  });

  it('takes the first label of a multi-label host', () => {
    expect(tenantSlugFromRequest({ host: 'norman.localhost:4000' })).toBe('norman');
    expect(tenantSlugFromRequest({ host: 'norwalk.pay.example.gov' })).toBe('norwalk');
  });

  it('names no tenant for bare hosts and addresses', () => {
    expect(tenantSlugFromRequest({ host: 'localhost:4000' })).toBeNull();
    expect(tenantSlugFromRequest({ host: '127.0.0.1:4000' })).toBeNull();
    expect(tenantSlugFromRequest({ host: '[::1]:4000' })).toBeNull();
    expect(tenantSlugFromRequest({})).toBeNull();
  });

  it('passes an empty or malformed header through for the caller to refuse', () => {
    expect(tenantSlugFromRequest({ 'x-tenant': '' })).toBe('');
    expect(tenantSlugFromRequest({ 'x-tenant': 'no such city!' })).toBe('no such city!');
  });
});
