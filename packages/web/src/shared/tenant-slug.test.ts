import { pageHref, tenantSlugFromLocation } from './tenant-slug';

describe('which city a page belongs to', () => {
  it('takes ?tenant= first, then the host’s first label', () => {
    expect(tenantSlugFromLocation({ hostname: 'norwalk.localhost', search: '?tenant=Norman' })).toBe('norman');
    expect(tenantSlugFromLocation({ hostname: 'norman.localhost', search: '' })).toBe('norman');
    expect(tenantSlugFromLocation({ hostname: 'norwalk.pay.example.com', search: '?x=1' })).toBe('norwalk');
  });

  it('finds none on a bare host or an IP address', () => {
    expect(tenantSlugFromLocation({ hostname: 'localhost', search: '' })).toBeNull();
    expect(tenantSlugFromLocation({ hostname: '127.0.0.1', search: '' })).toBeNull();
    expect(tenantSlugFromLocation({ hostname: '[::1]', search: '?tenant=' })).toBeNull();
  });

  it('keeps ?tenant= on links when the page was opened with it', () => {
    expect(pageHref('/console/board', { search: '?tenant=norman' })).toBe('/console/board?tenant=norman');
    expect(pageHref('/console/board', { search: '' })).toBe('/console/board');
  });
});
