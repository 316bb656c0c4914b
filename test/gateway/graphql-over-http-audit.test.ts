import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { auditServer } from 'graphql-http';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ seed: false });
});
afterAll(() => platform.close());

it('passes every MUST and every SHOULD of the GraphQL-over-HTTP spec (graphql-http audits)', async () => {
  const results = await auditServer({ url: platform.client.httpUrl });
  expect(results.length).toBeGreaterThan(50);
  const mustFailures = results.flatMap((r) => (r.status === 'error' ? [`${r.id} ${r.name}: ${r.reason}`] : []));
  expect(mustFailures).toEqual([]);
  const warnings = results.flatMap((r) => (r.status === 'warn' ? [`${r.id} ${r.name}: ${r.reason}`] : []));
  expect(warnings).toEqual([]);
});

describe('request errors by media type', () => {
  const post = (accept: string, body: unknown) => fetch(platform.client.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
  const cases: [string, unknown][] = [
    ['a document that does not parse', { query: '{ tenant {' }],
    ['a document that does not validate', { query: '{ nope }' }],
    ['a variable that does not fit', { query: 'query T($name: String!) { __type(name: $name) { name } }', variables: { name: 5 } }],
  ];

  it.each(cases)('%s: 400 with application/graphql-response+json for a client that accepts it', async (_label, body) => {
    const response = await post('application/graphql-response+json', body);
    expect([response.status, response.headers.get('content-type')]).toEqual([400, 'application/graphql-response+json; charset=utf-8']);
    expect(((await response.json()) as { errors: unknown[] }).errors).toHaveLength(1);
  });

  it.each(cases)('%s: 200 with application/json for a client that accepts only that (the errors are in the body)', async (_label, body) => {
    const response = await post('application/json', body);
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
    expect(((await response.json()) as { errors: unknown[] }).errors).toHaveLength(1);
  });

  it('a request that is not GraphQL over HTTP at all (no query) stays 400 for both', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) expect((await post(accept, { variables: {} })).status).toBe(400);
  });
});
