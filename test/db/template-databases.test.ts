import { ownerUrl, withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * Each test file's database is a copy of the run's template: seeded or not as
 * asked, independent of every other copy, and locked down like a database
 * the platform bootstrapped itself (no PUBLIC access to it).
 */

let seeded: TestPlatform;
let unseeded: TestPlatform;
beforeAll(async () => {
  [seeded, unseeded] = await Promise.all([startTestPlatform(), startTestPlatform({ seed: false })]);
});
afterAll(() => Promise.all([seeded?.close(), unseeded?.close()]));

const slugs = async (platform: TestPlatform) => (await platform.db.query<{ slug: string }[]>('SELECT slug FROM tenants ORDER BY slug')).map((row) => row.slug);

it('has the demo cities, or none with seed: false, and every migration either way', async () => {
  expect(await slugs(seeded)).toEqual(['norman', 'norwalk']);
  expect(await slugs(unseeded)).toEqual([]);
  const migrations = (platform: TestPlatform) => platform.db.query<{ name: string }[]>('SELECT name FROM schema_migrations ORDER BY name');
  expect(await migrations(unseeded)).toEqual(await migrations(seeded));
});

it('gives each file a copy of its own: what one writes, another does not see', async () => {
  expect(seeded.settings.databaseName).not.toBe(unseeded.settings.databaseName);
  await withClient(ownerUrl(unseeded.settings), (owner) => owner.query('CREATE TABLE copy_probe (id int)'));
  const probeIn = (platform: TestPlatform) => withClient(ownerUrl(platform.settings), async (owner) => (await owner.query("SELECT to_regclass('copy_probe') AS t")).rows[0] as { t: string | null });
  expect(await probeIn(unseeded)).toEqual({ t: 'copy_probe' });
  expect(await probeIn(seeded)).toEqual({ t: null });
  const another = await startTestPlatform({ seed: false });
  try {
    expect(await probeIn(another)).toEqual({ t: null });
  } finally {
    await another.close();
  }
});

it('lets only the platform roles connect to a copy, as bootstrapping does', async () => {
  const { rows } = await withClient(seeded.settings.adminUrl, (admin) =>
    admin.query<{ public_connect: boolean; app_connect: boolean; owner: string }>(
      `SELECT has_database_privilege('public', datname, 'CONNECT') AS public_connect, has_database_privilege($2, datname, 'CONNECT') AS app_connect, pg_get_userbyid(datdba) AS owner
         FROM pg_database WHERE datname = $1`,
      [seeded.settings.databaseName, seeded.settings.app.name],
    ),
  );
  expect(rows).toEqual([{ public_connect: false, app_connect: true, owner: seeded.settings.owner.name }]);
});
