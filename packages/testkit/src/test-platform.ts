import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { ServiceModule } from '@platform/api';
import { FixedClock, systemClock, type Clock } from '@platform/core';
import { dropDatabase, type DatabaseSettings } from '@platform/db';
import { createServiceModules, type QueryLimits, buildGatewaySchema, createLogger, migrateDatabase, openAppDataSource, seedDemoData, startGateway } from '@platform/gateway';
import type { DataSource } from 'typeorm';
import { GraphQLTestClient } from './graphql-client';

export const TEST_OPERATOR_KEY = 'test-operator-key-0123456789';

/** How test gateways sign sessions; tests may forge tokens with it (e.g. an expired one). */
export const TEST_SESSION_SETTINGS = Object.freeze({
  secret: new TextEncoder().encode('test-auth-token-secret-0123456789abcdef'),
  issuer: 'utility-billing-platform-test',
  accessTokenTtlSeconds: 15 * 60,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
});

export interface TestPlatformOptions {
  /** Seed the demo cities (default true). */
  readonly seed?: boolean;
  /** Defaults to the system clock; pass a FixedClock to set "now". */
  readonly clock?: Clock;
  readonly modules?: readonly ServiceModule[];
  readonly queryLimits?: QueryLimits;
  /** Let tests pose as different clients through X-Forwarded-For. */
  readonly trustProxy?: boolean;
}

export interface TestPlatform {
  /** Connection settings for this file's own database; `settings.databaseName` is unique to it. */
  readonly settings: DatabaseSettings;
  /** The app-role DataSource the gateway uses. */
  readonly db: DataSource;
  readonly clock: Clock;
  /** A client with no tenant and no credentials; derive others from it. */
  readonly client: GraphQLTestClient;
  /** A client carrying the platform operator's key. */
  readonly operator: GraphQLTestClient;
  /** Every log line the gateway wrote, as text, for tests that check what is (not) logged. */
  readonly logLines: () => readonly string[];
  close(): Promise<void>;
}

/**
 * A fresh database (its own, so test files run in parallel), migrated and
 * seeded, behind a real gateway on a free port. Needs TEST_DATABASE_ADMIN_URL,
 * which the Jest global setup provides.
 */
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_ADMIN_URL is not set: run tests through Jest (see test/setup)');
  const modules = options.modules ?? createServiceModules({ sessions: TEST_SESSION_SETTINGS });
  const settings: DatabaseSettings = {
    adminUrl,
    databaseName: `test_${randomBytes(6).toString('hex')}`,
    owner: { name: 'billing_owner', password: 'billing-owner-dev-password' },
    app: { name: 'billing_app', password: 'billing-app-dev-password' },
  };
  const lines: string[] = [];
  const log = createLogger('info', new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) }));
  const clock = options.clock ?? systemClock;

  await migrateDatabase(settings, modules);
  const db = await openAppDataSource(settings, modules, 10, 'platform-test');
  if (options.seed !== false) await seedDemoData(db, modules, log);
  const gateway = await startGateway({
    deps: { db, clock, log, operatorKey: TEST_OPERATOR_KEY, sessions: TEST_SESSION_SETTINGS, trustProxy: options.trustProxy ?? false },
    schema: await buildGatewaySchema(modules),
    modules,
    host: '127.0.0.1',
    port: 0,
    introspection: true,
    graphiql: true,
    maxRequestBytes: 1_000_000,
    demoTenants: ['norwalk', 'norman'],
    queryLimits: options.queryLimits,
  });
  const client = new GraphQLTestClient(gateway.url);
  return {
    settings,
    db,
    clock,
    client,
    operator: client.withHeaders({ authorization: `Bearer ${TEST_OPERATOR_KEY}` }),
    logLines: () => lines,
    async close() {
      await gateway.close();
      await db.destroy();
      await dropDatabase(settings, settings.databaseName);
    },
  };
}

export { FixedClock };
