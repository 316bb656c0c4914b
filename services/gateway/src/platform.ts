import type { ServiceModule } from '@platform/api';
import { systemClock, type Clock } from '@platform/core';
import { appUrl, bootstrapDatabase, createDataSource, runMigrations, startEmbeddedPostgres, type DatabaseSettings, type EmbeddedPostgres } from '@platform/db';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { GatewayConfig } from './config';
import { allEntities, allMigrations } from './modules';

export interface PreparedDatabase {
  readonly settings: DatabaseSettings;
  /** Set when we started PostgreSQL ourselves; stop it on shutdown. */
  readonly embedded: EmbeddedPostgres | null;
  /** The migrations applied now, in order (none when the database was up to date). */
  readonly applied: readonly string[];
}

/**
 * Gets a database ready to serve: the server from DATABASE_URL, or an
 * embedded one under the project's data folder; then roles, the platform
 * database and every service's migrations (as the owner role).
 */
export async function prepareDatabase(config: GatewayConfig, modules: readonly ServiceModule[], log: Logger): Promise<PreparedDatabase> {
  let embedded: EmbeddedPostgres | null = null;
  let adminUrl = config.databaseUrl;
  if (!adminUrl) {
    log.info({ dataDir: config.embeddedPostgresDir }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir: config.embeddedPostgresDir, persistent: true, onLog: (line) => log.debug({ postgres: line.trim() }) });
    adminUrl = embedded.adminUrl;
  }
  const settings: DatabaseSettings = { adminUrl, ...config.database };
  const applied = await migrateDatabase(settings, modules, config.databaseSilenceLimitMs);
  if (applied.length > 0) log.info({ migrations: applied }, 'applied migrations');
  return { settings, embedded, applied };
}

/**
 * Roles, the database itself, then every service's pending migrations; returns the names applied. With
 * `silenceLimitMs`, a database that says nothing that long while a connection opens (or during the bootstrap's short
 * statements) fails the start, naming the database, rather than hold it for ever: its supervisor restarts it.
 */
export async function migrateDatabase(settings: DatabaseSettings, modules: readonly ServiceModule[], silenceLimitMs?: number): Promise<string[]> {
  await bootstrapDatabase(settings, { silenceLimitMs });
  return runMigrations(settings, allEntities(modules), allMigrations(modules), { connectTimeoutMs: silenceLimitMs });
}

/**
 * The DataSource requests use: the app role, which owns nothing and cannot bypass row-level security. With
 * `silenceLimitMs`, a statement the database leaves unanswered that long fails as a lost connection (see
 * silence-limited-client.ts in @platform/db).
 */
export async function openAppDataSource(
  settings: DatabaseSettings,
  modules: readonly ServiceModule[],
  poolSize: number,
  applicationName = 'platform-gateway',
  silenceLimitMs?: number,
): Promise<DataSource> {
  const db = createDataSource({ url: appUrl(settings), entities: allEntities(modules), poolSize, applicationName, silenceLimitMs });
  await db.initialize();
  return db;
}

/** Seeds each module's demo data, dated from `clock` (see ServiceModule.seedDemo). */
export async function seedDemoData(db: DataSource, modules: readonly ServiceModule[], log: Logger, clock: Clock = systemClock): Promise<void> {
  for (const module of modules) await module.seedDemo?.(db, log, clock);
}
