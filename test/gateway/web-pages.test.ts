import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { webContentSecurityPolicy } from '@platform/gateway';

// The gateway serves the built portal and console (packages/web/dist): right types, caching, CSP, nothing outside the build.
let platform: TestPlatform;
let base: string;
beforeAll(async () => {
  platform = await startTestPlatform({ seed: false });
  base = platform.client.httpUrl.replace(/\/graphql$/, '');
});
afterAll(() => platform.close());

const assetPaths = (html: string) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);

describe('the web pages', () => {
  it('serves the portal at / and the console at /console (and below), as HTML under a CSP, revalidated on every load', async () => {
    // The one frame the pages may show: the processor's hosted payment form.
    const policy = webContentSecurityPolicy(new URL(platform.processorUrl).origin);
    for (const [path, title] of [
      ['/', 'Pay your utility bill'],
      ['/console', 'Staff console'],
      ['/console/board', 'Staff console'],
    ] as const) {
      const response = await fetch(`${base}${path}`);
      expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 200, 'text/html; charset=utf-8']);
      expect(response.headers.get('content-security-policy')).toBe(policy);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain(`<title>${title}</title>`);
    }
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain(`frame-src ${new URL(platform.processorUrl).origin};`);
    expect(policy).not.toContain('unsafe');
  });

  it('serves hashed assets as immutable, with their types, gzipped when asked, and 304 for a known ETag', async () => {
    const html = await (await fetch(`${base}/console`)).text();
    const paths = assetPaths(html);
    expect(paths.some((p) => p.endsWith('.js'))).toBe(true);
    expect(paths.some((p) => p.endsWith('.css'))).toBe(true);
    for (const path of paths) {
      const response = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-type')).toBe(path.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      const again = await fetch(`${base}${path}`, { headers: { 'if-none-match': response.headers.get('etag')! } });
      expect(again.status).toBe(304);
    }
    const raw = await fetch(`${base}${paths.find((p) => p.endsWith('.js'))!}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(raw.headers.get('content-encoding')).toBe('gzip');
  });

  it('serves nothing outside the build, whatever the path says', async () => {
    for (const path of ['/assets/../package.json', '/assets/%2e%2e/package.json', '/assets/..%2fpackage.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/assets/nope.js', '/assets/']) {
      const response = await fetch(`${base}${path}`);
      expect([path, response.status]).toEqual([path, 404]);
      expect(await response.text()).not.toContain('"name"');
    }
  });

  it('answers a browser’s navigation to a portal route with the portal, and an API client’s unknown path with 404', async () => {
    const navigation = await fetch(`${base}/receipt`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect([navigation.status, navigation.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect((await fetch(`${base}/receipt`)).status).toBe(404);
    expect((await fetch(`${base}/favicon.ico`, { headers: { accept: 'text/html' } })).status).toBe(404);
  });

  it('takes only GET and HEAD', async () => {
    const post = await fetch(`${base}/console`, { method: 'POST', body: 'x' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const head = await fetch(`${base}/`, { method: 'HEAD' });
    expect([head.status, (await head.text()).length]).toEqual([200, 0]);
  });
});
