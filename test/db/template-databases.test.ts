import { addDays, localDateOf } from '@platform/core';
import { ownerUrl, withClient, withTenant } from '@platform/db';
import { findTenantBySlug } from '@platform/tenants';
import { DEMO_DATA_PINNED_AT, FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * Each test file's database is a copy of the run's template: seeded or not as
 * asked, independent of every other copy, and locked down like a database
 * the platform bootstrapped itself (no PUBLIC access to it). A file that pins
 * its clock gets demo data dated from a fixed day, so it sees the same demo
 * world whatever day the run is.
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

/** The days Norwalk's demo bills were issued, oldest first (the seed issues them 70, 40 and 10 days before its day). */
async function demoBillIssueDates(platform: TestPlatform): Promise<string[]> {
  const norwalk = await findTenantBySlug(platform.db, 'norwalk');
  const rows = await withTenant({ db: platform.db, tenant: norwalk! }, (manager) => manager.query<{ issued: string }[]>('SELECT DISTINCT issue_date::text AS issued FROM payables ORDER BY issued'));
  return rows.map((row) => row.issued);
}

/** When Norwalk and its demo staff were added, as the seed dated them. */
async function demoCreatedAt(platform: TestPlatform): Promise<{ tenant: Date; staff: Date[] }> {
  const norwalk = await findTenantBySlug(platform.db, 'norwalk');
  const staff = await withTenant({ db: platform.db, tenant: norwalk! }, (manager) => manager.query<{ created_at: Date }[]>(`SELECT created_at FROM users WHERE roles && '{SUPPORT,ADMIN}'`));
  return { tenant: norwalk!.createdAt, staff: staff.map((row) => row.created_at) };
}

const issuedBefore = (day: string) => [-70, -40, -10].map((days) => addDays(day, days));

it('dates the demo bills from DEMO_DATA_PINNED_AT under a FixedClock, from the real day otherwise or when asked', async () => {
  const [pinnedElsewhere, pinnedButToday] = await Promise.all([
    startTestPlatform({ clock: new FixedClock(new Date('2031-03-04T05:06:07Z')) }),
    startTestPlatform({ clock: new FixedClock(new Date(Date.now() + 3 * 24 * 3600_000)), demoDataAt: 'today' }),
  ]);
  try {
    expect(DEMO_DATA_PINNED_AT.toISOString()).toBe('2026-11-23T18:00:00.000Z');
    expect(await demoBillIssueDates(pinnedElsewhere)).toEqual(['2026-09-14', '2026-10-14', '2026-11-13']);
    // The city and its staff are as old as the seed's day says, not as the machine that seeded them.
    expect(await demoCreatedAt(pinnedElsewhere)).toEqual({ tenant: DEMO_DATA_PINNED_AT, staff: [DEMO_DATA_PINNED_AT, DEMO_DATA_PINNED_AT] });
    // The real day in Norwalk's zone, or the day before if the run's setup seeded before a midnight there.
    const today = localDateOf(new Date(), 'America/Los_Angeles');
    const realDays = [issuedBefore(today), issuedBefore(addDays(today, -1))];
    expect(realDays).toContainEqual(await demoBillIssueDates(seeded));
    expect(realDays).toContainEqual(await demoBillIssueDates(pinnedButToday));
  } finally {
    await Promise.all([pinnedElsewhere.close(), pinnedButToday.close()]);
  }
});

it("refuses demo data from the fixed day under a clock that moves on: the world would drift from the clock's day", async () => {
  await expect(startTestPlatform({ demoDataAt: 'pinned' })).rejects.toThrow("demoDataAt: 'pinned' needs a FixedClock");
});
