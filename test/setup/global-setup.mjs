// Runs once in Jest's parent process: one PostgreSQL server for the whole run
// (embedded unless DATABASE_URL names one), and on it the run's template
// databases, migrated and seeded once. Each test file then copies a template
// into a database of its own, so files run in parallel without seeing each
// other's rows (see packages/testkit/src/template-databases.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import db from '@platform/db';
import testkit from '@platform/testkit';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function globalSetup() {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const server = await db.startEmbeddedPostgres({
      dataDir: path.join(root, '.data', `test-postgres-${process.pid}`),
      persistent: false,
      durable: false,
    });
    globalThis.__embeddedPostgres = server;
    adminUrl = server.adminUrl;
  }
  process.env.TEST_DATABASE_ADMIN_URL = adminUrl;
  globalThis.__testTemplates = await testkit.createPlatformTemplates(adminUrl);
}
