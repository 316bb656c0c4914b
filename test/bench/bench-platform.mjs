// A benchmark's platform, started the same way by every bench that needs one:
// its own database (bench-database.mjs), the sandbox processor over HTTP, the
// services migrated, the app-role pool, the demo cities, and gateways with a
// bench's defaults (no introspection, no GraphiQL).
import { systemClock } from '@platform/core';
import db from '@platform/db';
import gatewayPackage from '@platform/gateway';
import sandboxPackage from '@platform/processor-sandbox';
import tenants from '@platform/tenants';
import { openBenchDatabase } from './bench-database.mjs';

const { createServiceModules, paymentsSettingsFor, loadConfig, buildGatewaySchema, createLogger, migrateDatabase, openAppDataSource, seedDemoData, startGateway } = gatewayPackage;
const { startSandboxProcessor } = sandboxPackage;
const { findTenantBySlug, toTenantRef } = tenants;

export const BENCH_OPERATOR_KEY = 'bench-operator-key-0000';

/** `poolSize` app-role connections named `poolName`; the demo cities seeded unless `seed` is false. */
export async function startBenchPlatform(label, { poolSize = 10, poolName = 'platform-bench', seed = true } = {}) {
  const database = await openBenchDatabase(label);
  const { settings } = database;
  const config = loadConfig({});
  const sandbox = await startSandboxProcessor({ port: 0, secretKey: config.processor.secretKey, clock: systemClock });
  const payments = paymentsSettingsFor(config.processor, sandbox.url);
  const modules = createServiceModules({ sessions: config.sessions, payments });
  const log = createLogger('silent');
  await migrateDatabase(settings, modules);
  const appDb = await openAppDataSource(settings, modules, poolSize, poolName);
  if (seed) await seedDemoData(appDb, modules, log);
  const schema = await buildGatewaySchema(modules);
  const gateways = [];
  return {
    database,
    settings,
    config,
    sandbox,
    payments,
    modules,
    log,
    appDb,
    /** A gateway on this platform; `trustProxy` lets clients pose as many addresses; other options as startGateway's. */
    async startGateway({ trustProxy = false, ...options } = {}) {
      const gateway = await startGateway({
        eventsListenUrl: db.appUrl(settings),
        deps: { db: appDb, clock: systemClock, log, operatorKey: BENCH_OPERATOR_KEY, sessions: config.sessions, trustProxy },
        schema,
        modules,
        host: '127.0.0.1',
        port: 0,
        introspection: false,
        graphiql: false,
        maxRequestBytes: 1_000_000,
        demoTenants: [],
        hostedFieldsUrl: payments.hostedFieldsUrl,
        ...options,
      });
      gateways.push(gateway);
      return gateway;
    },
    /** Opens a plain ACTIVE account for each number at the city, then refreshes the planner's statistics. */
    async addAccounts(slug, numbers, customerName) {
      const tenant = toTenantRef(await findTenantBySlug(appDb, slug));
      await db.withTenant({ db: appDb, tenant }, (manager) =>
        manager.query(
          `INSERT INTO service_accounts (tenant_id, id, account_number, account_key, customer_name, address_line1, city, region, postal_code, status, opened_on, created_at)
           SELECT $1, gen_random_uuid(), n, n, $3, '1 Bench St', 'Norwalk', 'CA', '90650', 'ACTIVE', '2020-01-01', now() FROM unnest($2::text[]) AS n`,
          [tenant.id, numbers, customerName],
        ),
      );
      // The accounts only: tables still empty, analysed now, would be planned as empty while a bench fills them
      // (each foreign-key check against payments a scan of the whole table); autovacuum leaves them unanalysed too.
      await db.withClient(database.superuserUrl, (client) => client.query('ANALYZE service_accounts'));
      return tenant;
    },
    async close() {
      for (const gateway of gateways) await gateway.close();
      await appDb.destroy();
      await database.close();
      await sandbox.close();
    },
  };
}
