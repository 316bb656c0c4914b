import { randomBytes } from 'node:crypto';
import type { ServiceModule } from '@platform/api';
import { copyDatabase, dropDatabase, withClient, type DatabaseSettings } from '@platform/db';
import { createLogger, migrateDatabase, openAppDataSource, seedDemoData } from '@platform/gateway';

/*
 * Every test file gets a database of its own, so files run in parallel
 * without seeing each other's rows. Migrating and seeding one per file cost
 * most of a second each; instead the Jest global setup migrates (and seeds)
 * two template databases once per run, and each file copies one
 * (`CREATE DATABASE ... TEMPLATE`), which takes a few tens of milliseconds.
 */

/** The roles test databases are owned by and served as, as in development. */
const TEST_ROLES = {
  owner: { name: 'billing_owner', password: 'billing-owner-dev-password' },
  app: { name: 'billing_app', password: 'billing-app-dev-password' },
} as const;

/** The two templates of a run: migrated and seeded with the demo cities, or migrated only. */
export interface TestTemplates {
  readonly seeded: string;
  readonly unseeded: string;
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

  const seeded = testDatabaseSettings(adminUrl, `${unseeded.databaseName}_seeded`);
  await copyDatabase(seeded, unseeded.databaseName, seeded.databaseName);
  const db = await openAppDataSource(seeded, modules, 2, 'platform-test-template');
  try {
    await seedDemoData(db, modules, createLogger('warn'));
  } finally {
    await db.destroy();
  }
  await makeTemplate(adminUrl, seeded.databaseName);

  const templates: TestTemplates = { seeded: seeded.databaseName, unseeded: unseeded.databaseName };
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
  for (const name of [templates.seeded, templates.unseeded]) {
    await withClient(adminUrl, (admin) => admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`));
    await dropDatabase(testDatabaseSettings(adminUrl, name), name);
  }
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
