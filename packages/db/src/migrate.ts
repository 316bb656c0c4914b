import { connectionFailure, saidNothing } from './connection-failure';
import { createDataSource, type EntityList, type MigrationList } from './data-source';
import { assertIdentifier, ownerUrl, type DatabaseSettings } from './database-settings';

export interface MigrationOptions {
  /**
   * DATABASE_SILENCE_LIMIT_MS: how long opening the migrator's connection may wait on a database that says nothing
   * before start-up fails (connectionFailure); none when unset. Its statements are not bounded: a migration may run
   * long, and waiting for another process's migrations to finish is what the lock is for.
   */
  readonly connectTimeoutMs?: number;
}

/**
 * Applies pending migrations as the owner role, each in its own transaction,
 * and returns the names applied. The app role may read the bookkeeping table
 * (readiness checks it) but never write it.
 */
export async function runMigrations(settings: DatabaseSettings, entities: EntityList, migrations: MigrationList, options: MigrationOptions = {}): Promise<string[]> {
  const url = ownerUrl(settings);
  const dataSource = createDataSource({
    url,
    entities,
    migrations,
    poolSize: 1,
    applicationName: 'platform-migrator',
    connectTimeoutMs: options.connectTimeoutMs,
  });
  await dataSource.initialize().catch((error: unknown) => {
    // pg says no more than "timeout expired". Other failures say enough (a refused login names its role), or are not
    // the connection's (an entity the metadata cannot map).
    throw options.connectTimeoutMs && saidNothing(error) ? connectionFailure(url, error, options.connectTimeoutMs) : error;
  });
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
