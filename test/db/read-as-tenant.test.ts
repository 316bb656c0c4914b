import { readAsTenant } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * readAsTenant sends `set_config(...)` and one statement as one message, so
 * that a hot read costs one round trip: the setting must reach the
 * statement (row-level security shows the city's rows, and only them) and
 * must not outlive the message on the pooled connection, success or error.
 */

let platform: TestPlatform;
let norwalk: { db: TestPlatform['db']; tenant: { id: string } };
let normanId: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  const rows = await platform.db.query<{ id: string; slug: string }[]>('SELECT id, slug FROM tenants');
  norwalk = { db: platform.db, tenant: { id: rows.find((r) => r.slug === 'norwalk')!.id } };
  normanId = rows.find((r) => r.slug === 'norman')!.id;
});
afterAll(() => platform.close());

/** app.tenant_id as each of `count` pooled connections, held at once, sees it outside any transaction of ours. */
async function settingsOfPooledConnections(count: number): Promise<string[]> {
  const runners = Array.from({ length: count }, () => platform.db.createQueryRunner());
  try {
    await Promise.all(runners.map((runner) => runner.connect()));
    return await Promise.all(runners.map(async (runner) => (await runner.query(`SELECT coalesce(current_setting('app.tenant_id', true), '') AS t`))[0].t as string));
  } finally {
    await Promise.all(runners.map((runner) => runner.release()));
  }
}

describe('readAsTenant', () => {
  it("reads the city's rows and no other city's, in one round trip", async () => {
    const cities = await readAsTenant<{ tenant_id: string }>(norwalk, 'SELECT DISTINCT tenant_id FROM service_accounts', []);
    expect(cities).toEqual([{ tenant_id: norwalk.tenant.id }]);
    const asked = await readAsTenant<{ n: string }>(norwalk, 'SELECT count(*) AS n FROM service_accounts WHERE tenant_id = $1', [normanId]);
    expect(asked).toEqual([{ n: '0' }]);
  });

  it('takes UUIDs and lists of them as values, and refuses anything else before the database sees it', async () => {
    const rows = await readAsTenant<{ one: string; many: string[] }>(norwalk, 'SELECT $1::text AS one, $2::text[] AS many', [normanId, [normanId, norwalk.tenant.id]]);
    expect(rows).toEqual([{ one: normanId, many: [normanId, norwalk.tenant.id] }]);
    await expect(readAsTenant(norwalk, 'SELECT $1', ["x' OR true --"])).rejects.toThrow(/UUIDs/);
    await expect(readAsTenant(norwalk, 'SELECT $1', [[normanId, "'; DROP TABLE tenants; --"]])).rejects.toThrow(/UUIDs/);
    await expect(readAsTenant(norwalk, 'SELECT $2', [normanId])).rejects.toThrow(/no value for \$2/);
    await expect(readAsTenant({ db: platform.db, tenant: { id: "' OR true --" } }, 'SELECT 1', [])).rejects.toThrow(/UUIDs/);
  });

  it('leaves no city set on the pooled connections, after a read or a failed one', async () => {
    const seen = await Promise.all(Array.from({ length: 8 }, () => readAsTenant<{ t: string }>(norwalk, `SELECT current_setting('app.tenant_id', true) AS t`, [])));
    expect(seen.flat()).toEqual(Array.from({ length: 8 }, () => ({ t: norwalk.tenant.id })));
    await Promise.all(Array.from({ length: 8 }, () => expect(readAsTenant(norwalk, 'SELECT 1 / 0', [])).rejects.toThrow(/division by zero/)));
    expect(await settingsOfPooledConnections(8)).toEqual(Array.from({ length: 8 }, () => ''));
  });
});
