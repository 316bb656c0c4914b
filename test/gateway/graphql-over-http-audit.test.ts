import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { auditServer } from 'graphql-http';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ seed: false });
});
afterAll(() => platform.close());

it('passes every MUST of the GraphQL-over-HTTP spec (graphql-http audits)', async () => {
  const results = await auditServer({ url: platform.client.httpUrl });
  expect(results.length).toBeGreaterThan(50);
  const mustFailures = results.flatMap((r) => (r.status === 'error' ? [`${r.id} ${r.name}: ${r.reason}`] : []));
  expect(mustFailures).toEqual([]);
  const warnings = results.filter((r) => r.status === 'warn').map((r) => r.name);
  // Apollo answers parse/validation/variable errors with 400 under application/json; the spec only says SHOULD 200.
  expect(warnings.length).toBeLessThanOrEqual(3);
});
