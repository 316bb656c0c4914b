import { createDataSource, type EntityList, type MigrationList } from './data-source';
import { assertIdentifier, ownerUrl, type DatabaseSettings } from './database-settings';

/**
 * Applies pending migrations as the owner role, each in its own transaction,
 * and returns the names applied. The app role may read the bookkeeping table
 * (readiness checks it) but never write it.
 */
export async function runMigrations(settings: DatabaseSettings, entities: EntityList, migrations: MigrationList): Promise<string[]> {
  const dataSource = createDataSource({
    url: ownerUrl(settings),
    entities,
    migrations,
    poolSize: 1,
    applicationName: 'platform-migrator',
  });
  await dataSource.initialize();
  try {
    // Several gateways may start at once; the pool has one connection, so this
    // session-level lock covers every statement the migrator runs.
    await dataSource.query('SELECT pg_advisory_lock(hashtext($1))', ['platform-migrations']);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const app = assertIdentifier(settings.app.name, 'app role');
    await dataSource.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${app}`);
    await dataSource.query('SELECT pg_advisory_unlock(hashtext($1))', ['platform-migrations']);
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
