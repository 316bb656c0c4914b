import 'reflect-metadata';
import { DataSource } from 'typeorm';

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
}

/** A PostgreSQL DataSource with the platform's conventions; call `initialize()` on it. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: [...options.entities],
    migrations: [...(options.migrations ?? [])],
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: options.applicationName,
    extra: { max: options.poolSize ?? 10 },
  });
}
