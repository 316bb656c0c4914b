import { randomBytes } from 'node:crypto';
import type { ServiceModule } from '@platform/api';
import { FixedClock, systemClock, type Clock } from '@platform/core';
import { copyDatabase, dropDatabase, withClient, type DatabaseSettings } from '@platform/db';
import { createLogger, migrateDatabase, openAppDataSource, seedDemoData } from '@platform/gateway';

/*
 * Every test file gets a database of its own, so files run in parallel
 * without seeing each other's rows. Migrating and seeding one per file cost
 * most of a second each; instead the Jest global setup migrates (and seeds)
 * the template databases once per run, and each file copies one
 * (`CREATE DATABASE ... TEMPLATE`), which takes a few tens of milliseconds.
 *
 * The demo accounts' bills and payments are dated back from the day they are
 * seeded, so there are two seeded templates. One is seeded on the real day,
 * for tests on the real clock (or a clock set relative to it). The other is
 * seeded on DEMO_DATA_PINNED_AT, for tests that pin their clock to a fixed
 * day: they count on a demo account being past due, or a bill being due, on
 * that day, which held only while the real day stayed near the day they were
 * written; seeded on the real day, each failed from some date on, in CI as
 * anywhere. Both are seeded side by side from the migrated template: the
 * second cost 0.1 to 0.9 s (about 0.4 s typically) more than one alone (0.8
 * to 1.4 s) on a 2-core machine, once per run; seeding per pinned file would
 * cost a second each.
 */

/**
 * The instant the pinned template's demo data is dated from: the day most
 * tests that pin a clock set (they were written around it). Its demo bills
 * were issued on 2026-11-13, 2026-10-14 and 2026-09-14, due 21 days later.
 */
export const DEMO_DATA_PINNED_AT = new Date('2026-11-23T18:00:00Z');

/** The roles test databases are owned by and served as, as in development. */
const TEST_ROLES = {
  owner: { name: 'billing_owner', password: 'billing-owner-dev-password' },
  app: { name: 'billing_app', password: 'billing-app-dev-password' },
} as const;

/** The templates of a run: migrated only, or also seeded with the demo cities, dated from the real day or from DEMO_DATA_PINNED_AT. */
export interface TestTemplates {
  readonly unseeded: string;
  readonly seededToday: string;
  readonly seededPinned: string;
}

/** Where the global setup leaves the templates' names for the test workers. */
const TEMPLATES_VARIABLE = 'TEST_DATABASE_TEMPLATES';

/** Settings for a database on the run's server, with the test roles. */
export function testDatabaseSettings(adminUrl: string, databaseName: string): DatabaseSettings {
  return { adminUrl, databaseName, ...TEST_ROLES };
}

/** A name no other test database of any run has. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/**
 * Builds the run's templates on the server at `adminUrl` (once, in Jest's
 * global setup) and tells the test workers their names through the
 * environment. `modules` are the platform's: their migrations and demo seeds
 * make the templates.
 */
export async function createTestTemplates(adminUrl: string, modules: readonly ServiceModule[]): Promise<TestTemplates> {
  const unseeded = testDatabaseSettings(adminUrl, uniqueDatabaseName('test_template'));
  await migrateDatabase(unseeded, modules);
  await makeTemplate(adminUrl, unseeded.databaseName);

  const [seededToday, seededPinned] = await Promise.all([
    createSeededTemplate(adminUrl, modules, unseeded.databaseName, `${unseeded.databaseName}_seeded`, systemClock),
    createSeededTemplate(adminUrl, modules, unseeded.databaseName, `${unseeded.databaseName}_pinned`, new FixedClock(DEMO_DATA_PINNED_AT)),
  ]);

  const templates: TestTemplates = { unseeded: unseeded.databaseName, seededToday, seededPinned };
  process.env[TEMPLATES_VARIABLE] = JSON.stringify(templates);
  return templates;
}

/** The run's templates, as the global setup made them. */
export function testTemplates(): TestTemplates {
  const value = process.env[TEMPLATES_VARIABLE];
  if (!value) throw new Error(`${TEMPLATES_VARIABLE} is not set: run tests through Jest (see test/setup)`);
  return JSON.parse(value) as TestTemplates;
}

export async function dropTestTemplates(adminUrl: string, templates: TestTemplates): Promise<void> {
  for (const name of [templates.seededToday, templates.seededPinned, templates.unseeded]) {
    await withClient(adminUrl, (admin) => admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`));
    await dropDatabase(testDatabaseSettings(adminUrl, name), name);
  }
}

/** A copy of the migrated template with the demo data dated from `clock`, made a template itself; returns its name. */
async function createSeededTemplate(adminUrl: string, modules: readonly ServiceModule[], migrated: string, databaseName: string, clock: Clock): Promise<string> {
  const settings = testDatabaseSettings(adminUrl, databaseName);
  await copyDatabase(settings, migrated, databaseName);
  const db = await openAppDataSource(settings, modules, 2, 'platform-test-template');
  try {
    await seedDemoData(db, modules, createLogger('warn'), clock);
  } finally {
    await db.destroy();
  }
  await makeTemplate(adminUrl, databaseName);
  return databaseName;
}

/**
 * Marks a database as a template, which any role that may create databases
 * can copy (the admin of DATABASE_URL need not be a superuser), and closes it
 * to connections: a database cannot be copied while anyone is connected to
 * it (the copies are unaffected).
 */
async function makeTemplate(adminUrl: string, databaseName: string): Promise<void> {
  await withClient(adminUrl, (admin) => admin.query(`ALTER DATABASE ${databaseName} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`));
}
