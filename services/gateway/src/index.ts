export { SERVICE_MODULES, allEntities, allMigrations, allMigrationNames } from './modules';
export { buildGatewaySchema, printGatewaySchema } from './schema';
export { startGateway, type RunningGateway, type GatewayOptions } from './gateway';
export { createLogger } from './logger';
export { migrateDatabase, openAppDataSource, prepareDatabase, seedDemoData } from './platform';
export { loadConfig, type GatewayConfig } from './config';
export { CLOSE_UNKNOWN_TENANT } from './websocket';
export { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits';
