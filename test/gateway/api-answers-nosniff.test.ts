import { startTestPlatform, type TestPlatform } from '@platform/testkit';

// The pages, GraphiQL's files and the unsubscribe route said X-Content-Type-Options: nosniff, but /graphql's JSON
// answers (names, addresses, balances, and text a person typed) did not, nor did the gateway's own refusals: a browser
// could be led to read such an answer as another type. Every answer of the gateway now says nosniff, set in one place.

let platform: TestPlatform;
let base: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  base = platform.client.httpUrl.replace(/\/graphql$/, '');
});
afterAll(() => platform.close());

const graphql = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk', ...headers }, body: JSON.stringify({ query }) });

it('is said by every /graphql answer: data, a refused token, a refused origin, an unknown city, a malformed body', async () => {
  const answers = {
    data: await graphql('{ tenant { name } }'),
    unauthenticated: await graphql('{ viewer { roles } }', { authorization: 'Bearer not-a-token' }),
    refusedOrigin: await graphql('{ tenant { name } }', { origin: 'https://evil.example' }),
    unknownCity: await graphql('{ tenant { name } }', { 'x-tenant': 'atlantis' }),
    malformed: await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
  };
  const seen = Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, [answer.status, answer.headers.get('x-content-type-options')]]));
  expect(seen).toEqual({ data: [200, 'nosniff'], unauthenticated: [401, 'nosniff'], refusedOrigin: [403, 'nosniff'], unknownCity: [404, 'nosniff'], malformed: [400, 'nosniff'] });
});

it('is said by the gateway’s other JSON answers too', async () => {
  for (const path of ['/healthz', '/readyz', '/no-such-thing']) {
    const answer = await fetch(`${base}${path}`);
    expect([path, answer.headers.get('x-content-type-options')]).toEqual([path, 'nosniff']);
  }
});
