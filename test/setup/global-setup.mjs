// Runs once in Jest's parent process: one PostgreSQL server for the whole run
// (embedded unless DATABASE_URL names one). Each test file then makes its own
// database on it, so files run in parallel without seeing each other's rows.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import db from '@platform/db';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const server = await db.startEmbeddedPostgres({
    dataDir: path.join(root, '.data', `test-postgres-${process.pid}`),
    persistent: false,
  });
  globalThis.__embeddedPostgres = server;
  process.env.TEST_DATABASE_ADMIN_URL = server.adminUrl;
}
