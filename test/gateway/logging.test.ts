import { TEST_OPERATOR_KEY, startTestPlatform, type TestPlatform } from '@platform/testkit';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

it('writes one structured JSON line per request, with its request id, and never the operator key', async () => {
  await platform.operator
    .withHeaders({ 'x-request-id': 'log-test-0001' })
    .data(`mutation { createTenant(input: { slug: "log-city", name: "Log City", timezone: "America/Chicago" }) { userErrors { code } } }`);
  await platform.operator.request('{ tenants { slug } }');
  const lines = platform.logLines().map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines).toContainEqual(expect.objectContaining({ requestId: 'log-test-0001', method: 'POST', path: '/graphql', status: 200, msg: 'request' }));
  const all = platform.logLines().join('\n');
  expect(all).not.toContain(TEST_OPERATOR_KEY);
  expect(all).not.toContain('Bearer');
});
