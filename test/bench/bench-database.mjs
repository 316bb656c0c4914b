// The database every benchmark runs on: embedded PostgreSQL (or DATABASE_URL),
// a database of its own, and the platform's two roles.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import db from '@platform/db';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function openBenchDatabase(label) {
  const embedded = process.env.DATABASE_URL ? null : await db.startEmbeddedPostgres({ dataDir: path.join(root, '.data', `bench-${label}-${process.pid}`), persistent: false });
  const settings = {
    adminUrl: process.env.DATABASE_URL ?? embedded.adminUrl,
    databaseName: `bench_${label}_${process.pid}`,
    owner: { name: 'billing_owner', password: 'billing-owner-dev-password' },
    app: { name: 'billing_app', password: 'billing-app-dev-password' },
  };
  const superuserUrl = new URL(settings.adminUrl);
  superuserUrl.pathname = `/${settings.databaseName}`;
  return {
    settings,
    /** The bench database as the server's superuser (e.g. to ANALYZE after bulk set-up). */
    superuserUrl: superuserUrl.toString(),
    async close() {
      await db.dropDatabase(settings, settings.databaseName);
      await embedded?.stop();
    },
  };
}
