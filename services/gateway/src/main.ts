import 'reflect-metadata';
import { systemClock } from '@platform/core';
import { loadConfig } from './config';
import { startGateway } from './gateway';
import { createLogger } from './logger';
import { createServiceModules } from './modules';
import { openAppDataSource, prepareDatabase, seedDemoData } from './platform';
import { buildGatewaySchema } from './schema';

const DEMO_TENANTS = ['norwalk', 'norman'];

/** `pnpm start`: database, migrations, demo data, then the gateway; stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const modules = createServiceModules({ sessions: config.sessions });
  const database = await prepareDatabase(config, modules, log);
  const db = await openAppDataSource(database.settings, modules, config.databasePoolSize);
  if (config.demoData) await seedDemoData(db, modules, log);
  const gateway = await startGateway({
    deps: { db, clock: systemClock, log, operatorKey: config.operatorKey, sessions: config.sessions, trustProxy: config.trustProxy },
    schema: await buildGatewaySchema(modules),
    modules,
    host: config.host,
    port: config.port,
    introspection: config.introspection,
    graphiql: config.graphiql,
    maxRequestBytes: config.maxRequestBytes,
    demoTenants: DEMO_TENANTS,
  });

  const base = gateway.url.replace(/\/graphql$/, '');
  process.stdout.write(
    [
      '',
      `  Utility billing platform is up.`,
      `  GraphQL (HTTP and WebSocket): ${gateway.url}`,
      `  GraphiQL in a browser:        ${gateway.url}  (one tab per demo city)`,
      `  Health: ${base}/healthz   Ready: ${base}/readyz`,
      `  Database: ${database.embedded ? `embedded PostgreSQL on port ${database.embedded.port} (${database.embedded.dataDir})` : 'DATABASE_URL'}`,
      '',
      '  Try it:',
      `    curl -s ${gateway.url} -H 'content-type: application/json' -H 'x-tenant: norwalk' \\`,
      `      -d '{"query":"{ tenant { name timezone paymentRules { posting { description } } } }"}'`,
      `    curl -s ${gateway.url} -H 'content-type: application/json' -H 'x-tenant: norman' -H 'accept-language: es' \\`,
      `      -d '{"query":"{ tenant { name timezone contact { payByPhoneNumber } } }"}'`,
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await gateway.close();
    await db.destroy();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
