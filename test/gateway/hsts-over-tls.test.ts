import { request as httpRequest } from 'node:http';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

// Behind the reference balancer (TRUST_PROXY=true), a request the client made over TLS says so in X-Forwarded-Proto.
// The gateway sent no Strict-Transport-Security on any answer: a first visit typed without https://, or a link written
// http://, went out in clear, and anyone on the path could serve their own "portal" (and read the token of a reset link
// followed over http). Every answer to a request that came over TLS now says HSTS, for a year and for the subdomains
// (every name under the platform's host is a city of its own); over plain http it says nothing, as a browser ignores it
// there and development runs on http.

let platform: TestPlatform;
let base: string;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
  base = platform.client.httpUrl.replace(/\/graphql$/, '');
});
afterAll(() => platform.close());

const overTls = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'norwalk.pay.example.gov', 'x-forwarded-for': '203.0.113.9' };
const ONE_YEAR = 'max-age=31536000; includeSubDomains';

const graphql = (query: string, headers: Record<string, string>) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

describe('Strict-Transport-Security', () => {
  it('is said by the portal and console pages reached over https through the proxy, the links in emails among them', async () => {
    for (const path of ['/', '/console', '/reset-password?tenant=norwalk&token=abc', '/console/accept-invitation?tenant=norwalk&token=abc']) {
      const page = await fetch(`${base}${path}`, { headers: { accept: 'text/html', ...overTls } });
      expect([path, page.status, page.headers.get('strict-transport-security')]).toEqual([path, 200, ONE_YEAR]);
    }
  });

  it('is said by API answers over https, refusals included', async () => {
    const data = await graphql('{ tenant { name } }', overTls);
    const refused = await graphql('{ viewer { roles } }', { ...overTls, authorization: 'Bearer not-a-token' });
    expect([data.status, data.headers.get('strict-transport-security')]).toEqual([200, ONE_YEAR]);
    expect([refused.status, refused.headers.get('strict-transport-security')]).toEqual([401, ONE_YEAR]);
  });

  it('is not said over plain http, nor when a client reaching the gateway directly claims https', async () => {
    const plain = await fetch(`${base}/`, { headers: { accept: 'text/html', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'norwalk.pay.example.gov' } });
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const api = await graphql('{ tenant { name } }', { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'norwalk.pay.example.gov' });
    expect(api.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('without a trusted proxy', () => {
  let direct: TestPlatform;
  beforeAll(async () => {
    direct = await startTestPlatform({ seed: false });
  });
  afterAll(() => direct.close());

  it('believes no X-Forwarded-Proto: anyone can send one, and the connection itself was plain http', async () => {
    const status = await new Promise<string | undefined>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: direct.gateway.port, path: '/healthz', headers: { 'x-forwarded-proto': 'https' } }, (res) => {
        res.resume();
        resolve(res.headers['strict-transport-security']);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBeUndefined();
  });
});
