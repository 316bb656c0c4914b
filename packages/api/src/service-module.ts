import type { EntityList, MigrationList } from '@platform/db';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';

/** A background job: a plain async function, retried at least once, so it must be idempotent. */
export type JobHandler = (payload: unknown, helpers: { readonly db: DataSource; readonly log: Logger }) => Promise<void>;

/**
 * What a service hands the gateway, from its `src/index.ts`: everything the
 * gateway needs to serve it, and nothing it needs to know about its insides.
 */
export interface ServiceModule {
  readonly name: string;
  readonly entities: EntityList;
  /** Migration classes; each name ends in its timestamp, which orders them across services. */
  readonly migrations: MigrationList;
  /**
   * Resolver instances, built by the service with whatever they need (plain
   * constructors, no container); the gateway hands them to type-graphql.
   */
  readonly resolvers: readonly object[];
  readonly jobs: Readonly<Record<string, JobHandler>>;
  /** Demo data for `pnpm start` and tests; idempotent. Runs after migrations, in module order, as the app role like any request. */
  readonly seedDemo?: (db: DataSource, log: Logger) => Promise<void>;
}
