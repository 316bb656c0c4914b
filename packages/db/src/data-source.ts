import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { SharedReadConnections } from './shared-read-connections';
import { silenceLimitedClient } from './silence-limited-client';

/** A decorated class: a TypeORM entity or migration. */
export type ClassType = abstract new (...args: never[]) => object;
export type EntityList = readonly ClassType[];
export type MigrationList = readonly ClassType[];

export interface DataSourceOptions {
  readonly url: string;
  readonly entities: EntityList;
  readonly migrations?: MigrationList;
  readonly poolSize?: number;
  /** Shows in pg_stat_activity, so an operator can tell gateway, worker and migrator apart. */
  readonly applicationName: string;
  /**
   * How long a statement may wait with the database silent before its connection is cut (silence-limited-client.ts),
   * and how long a request waits for a pooled connection; none when unset (the migrator, jobs that run long statements).
   */
  readonly silenceLimitMs?: number;
  /** How long opening a connection may take when `silenceLimitMs` is unset (which bounds it too); none when unset. */
  readonly connectTimeoutMs?: number;
}

/** Connections the read-only round trips of all requests share (see SharedReadConnections). */
const SHARED_READ_CONNECTIONS = 2;

/**
 * A DataSource that also owns the connections read-only round trips share
 * (tenantRead), opened on first use and closed with it.
 */
export class PlatformDataSource extends DataSource {
  readonly sharedReads: SharedReadConnections;

  constructor(options: DataSourceOptions) {
    super({
      type: 'postgres',
      url: options.url,
      entities: [...options.entities],
      migrations: [...(options.migrations ?? [])],
      migrationsTableName: 'schema_migrations',
      synchronize: false,
      migrationsRun: false,
      logging: false,
      applicationName: options.applicationName,
      extra: {
        max: options.poolSize ?? 10,
        ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
        ...(options.silenceLimitMs ? { Client: silenceLimitedClient(options.silenceLimitMs), connectionTimeoutMillis: options.silenceLimitMs } : {}),
      },
    });
    this.sharedReads = new SharedReadConnections(options.url, options.applicationName, SHARED_READ_CONNECTIONS);
  }

  override async destroy(): Promise<void> {
    await this.sharedReads.close();
    await super.destroy();
  }
}

/** A PostgreSQL DataSource with the platform's conventions; call `initialize()` on it. */
export function createDataSource(options: DataSourceOptions): PlatformDataSource {
  return new PlatformDataSource(options);
}
