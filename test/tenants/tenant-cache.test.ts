import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { countStatements } from '../gateway/statement-counter';

/*
 * Each gateway keeps the city registry in memory; a change made through any
 * instance (or straight in SQL) reaches every instance through the tenants
 * trigger's NOTIFY.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const UPDATE = `mutation Update($slug: String!, $input: UpdateTenantInput!) { updateTenant(slug: $slug, input: $input) { tenant { name } userErrors { code } } }`;
const NAME = '{ tenant { name timezone } }';
type Named = { tenant: { name: string; timezone: string } };

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, withinMs: number): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > withinMs) return { value, ms: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the gateways' copy of the city registry", () => {
  it('answers { tenant { name timezone } } without a statement once warm', async () => {
    const counter = countStatements(platform.db);
    await platform.client.asTenant('norman').data<Named>(NAME);
    const { result, statements } = await counter.during(() => platform.client.asTenant('norman').data<Named>(NAME));
    expect(result.tenant.timezone).toBe('America/Chicago');
    expect(statements).toEqual([]);
  });

  it('shows an update made through one instance on another within a second, and at once on the instance that made it', async () => {
    const other = await platform.startAnotherGateway();
    try {
      const before = await other.client.asTenant('norwalk').data<Named>(NAME);
      await other.client.asTenant('norwalk').data<Named>(NAME); // now cached there
      const renamed = `${before.tenant.name} (renamed)`;
      const result = await platform.operator.data<{ updateTenant: { tenant: { name: string }; userErrors: unknown[] } }>(UPDATE, { slug: 'norwalk', input: { name: renamed } });
      expect(result.updateTenant.userErrors).toEqual([]);
      expect((await platform.client.asTenant('norwalk').data<Named>(NAME)).tenant.name).toBe(renamed);
      const seen = await until(
        () => other.client.asTenant('norwalk').data<Named>(NAME),
        (answer) => answer.tenant.name === renamed,
        1000,
      );
      expect(seen.value.tenant.name).toBe(renamed);
      expect(seen.ms).toBeLessThan(1000);
    } finally {
      await other.close();
    }
  });

  it('forgets a change made in SQL, outside any gateway, too', async () => {
    await platform.client.asTenant('norman').data<Named>(NAME);
    await platform.db.query(`UPDATE tenants SET display_name = 'City of Norman, OK' WHERE slug = 'norman'`);
    const seen = await until(
      () => platform.client.asTenant('norman').data<Named>(NAME),
      (answer) => answer.tenant.name === 'City of Norman, OK',
      1000,
    );
    expect(seen.value.tenant.name).toBe('City of Norman, OK');
  });
});
