export { createServiceModules, allEntities, allMigrations, allMigrationNames, type ServiceSettings } from './modules';
export { buildGatewaySchema, printGatewaySchema } from './schema';
export { startGateway, type RunningGateway, type GatewayOptions } from './gateway';
export { createLogger } from './logger';
export { migrateDatabase, openAppDataSource, prepareDatabase, seedDemoData } from './platform';
export { loadConfig, type GatewayConfig } from './config';
export { startJobRunner, type JobRunner, type JobRunnerOptions, type AddJobOptions, type JobOutcome } from './jobs/job-runner';
export { CLOSE_UNAUTHENTICATED, CLOSE_UNKNOWN_TENANT } from './websocket';
export { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits';
