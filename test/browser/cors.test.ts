import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { platformInBrowser } from './browser';

// Issue 13 item 2, in a real browser: a city's own front end on another origin calls /graphql.
const env = platformInBrowser();

/** A city's own front end: a blank page served from another origin (another port). */
let app: Server;
let appOrigin: string;
beforeAll(async () => {
  app = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><head><title>City front end</title></head><body><main><h1>City front end</h1></main></body></html>');
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const saved = await env.platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation Origins($input: UpdateTenantInput!) { updateTenant(slug: "norwalk", input: $input) { userErrors { field code } } }',
    { input: { allowedOrigins: [appOrigin] } },
  );
  expect(saved.updateTenant.userErrors).toEqual([]);
});
afterAll(() => new Promise<void>((resolve) => app.close(() => resolve())));

/** What the page gets from fetch: the answer's data, or the browser's CORS failure. */
function fetchFromPage(url: string, headers: Record<string, string> = {}): Promise<string> {
  return env.tab.page.evaluate(
    async ([target, extra]) => {
      try {
        const response = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-language': 'en', ...extra },
          body: JSON.stringify({ query: '{ tenant { name } }' }),
        });
        return JSON.stringify(((await response.json()) as { data: unknown }).data);
      } catch (error) {
        return `failed: ${(error as Error).name}`;
      }
    },
    [url, headers] as const,
  );
}

it('gets its city’s data from another origin the city allows, and a CORS failure from a city that does not', async () => {
  const { page } = env.tab;
  await page.goto(`${appOrigin}/`);
  const gateway = env.platform.gateway.port;
  expect(await fetchFromPage(`http://norwalk.localhost:${gateway}/graphql`)).toBe(JSON.stringify({ tenant: { name: 'City of Norwalk' } }));
  // The city named by a header instead of the host: the x-tenant header passes the preflight, and the answer is readable.
  expect(await fetchFromPage(`http://localhost:${gateway}/graphql`, { 'x-tenant': 'norwalk' })).toBe(JSON.stringify({ tenant: { name: 'City of Norwalk' } }));
  // Norman never listed this origin: the browser stops at the preflight.
  expect(await fetchFromPage(`http://norman.localhost:${gateway}/graphql`)).toBe('failed: TypeError');
  expect(await fetchFromPage(`http://localhost:${gateway}/graphql`, { 'x-tenant': 'norman' })).toBe('failed: TypeError');
  // The browser reports the refusals itself; nothing else may have gone wrong.
  env.tab.expectNoConsoleErrors([/CORS policy|Failed to load resource|net::ERR_FAILED/]);
});
