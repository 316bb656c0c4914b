export * from './database-settings';
export { bootstrapDatabase, copyDatabase, dropDatabase, withClient } from './bootstrap';
export { createDataSource, type DataSourceOptions, type EntityList, type MigrationList, type ClassType } from './data-source';
export { runMigrations } from './migrate';
export { afterCommit, beforeCommit, withTenant, type TenantScope, type TenantTransactionOptions } from './with-tenant';
export { enableTenantRowLevelSecurity, makeAppendOnly } from './row-level-security';
export { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres';
export { findFreePort } from './free-port';
export { bigintColumn } from './bigint-column';
