// First: tracing, when on, must see `pg` loaded.
import { tracing } from './instrument';
import 'reflect-metadata';
import { metricsRegistry } from '@platform/api';
import { DEMO_ACCOUNTS, demoHouseNumber } from '@platform/billing';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn, retirePublishedDemoSignIns } from '@platform/customers';
import { systemClock } from '@platform/core';
import { appUrl } from '@platform/db';
import { unknownPhoneCities, type PhoneSettings } from '@platform/phone';
import { listTenants } from '@platform/tenants';
import { collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import { loadConfig } from './config';
import { startGateway, type RunningGateway } from './gateway';
import { startBackgroundWork, type BackgroundWork } from './jobs/background-work';
import { createLogger } from './logger';
import { openNotificationChannels } from './notifications';
import { createServiceModules } from './modules';
import { openAppDataSource, prepareDatabase, seedDemoData } from './platform';
import { connectProcessor, serviceSettingsFor } from './processor';
import { buildGatewaySchema } from './schema';

const DEMO_TENANTS = ['norwalk', 'norman'];

/** `pnpm start`: database, migrations, demo data, the job runner, then the gateway; stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  // The process's own CPU, memory, event-loop delay and GC, beside the platform's series; only where a scraper may read them.
  if (config.metricsToken) collectDefaultMetrics({ register: metricsRegistry });
  const processor = await connectProcessor(config.processor, config.host, systemClock);
  const notifications = await openNotificationChannels(config.notifications);
  const modules = createServiceModules(serviceSettingsFor(config, { payments: processor.settings, notifications: notifications.settings }));
  const database = await prepareDatabase(config, modules, log);
  const db = await openAppDataSource(database.settings, modules, config.databasePoolSize, 'platform-gateway', config.databaseSilenceLimitMs);
  if (config.demoData) await seedDemoData(db, modules, log);
  // Production seeds none, but the database may hold demo staff from before it went live, whose password every banner prints.
  if (config.nodeEnv === 'production') await retirePublishedDemoSignIns(db, log);
  const schema = await buildGatewaySchema(modules);

  // In place before the job runner starts: from its first poll it may hold a job, which a signal's default action
  // would leave locked (for 4 hours) as a crashed process's.
  let background: BackgroundWork | null = null;
  let startedGateway: RunningGateway | null = null;
  let starting: Promise<unknown> = Promise.resolve();
  let stopping = false;
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason, graceMs: config.shutdownGraceMs, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    // A request or job that never ends must not keep a stopping process alive: past the bound, exit anyway.
    setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting with work still running');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    // Asked while starting: what is starting finishes (the gateway is not started after it), then stops with the rest.
    await starting.catch(() => undefined);
    // The gateway drains its requests while the job runner lets its running jobs finish; both hold app-role connections.
    // The waker first, so no new delivery pass is queued on a stopping runner.
    await background?.waker.stop();
    await Promise.all([startedGateway?.close(), background?.jobs.stop()]);
    await notifications.close();
    await db.destroy();
    await processor.sandbox?.close();
    await database.embedded?.stop();
    await tracing?.shutdown();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  const start = async (): Promise<RunningGateway | null> => {
    await checkPhoneCities(config.phone, db);
    if (config.jobsEnabled) {
      background = await startBackgroundWork(config, database.settings, modules, db, log);
      // A process whose runner died would keep answering requests while no job runs; better to exit and be restarted.
      background.jobs.done.catch(() => void stop('job runner failed', 1));
    }
    if (stopping) return null;
    startedGateway = await startGateway({
      eventsListenUrl: appUrl(database.settings),
      eventCursorSecret: config.eventCursorSecret,
      databaseSilenceLimitMs: config.databaseSilenceLimitMs,
      deps: { db, clock: systemClock, log, operatorKey: config.operatorKey, sessions: config.sessions, trustProxy: config.trustProxy, developmentOrigins: config.developmentOrigins },
      schema,
      modules,
      host: config.host,
      port: config.port,
      introspection: config.introspection,
      graphiql: config.graphiql,
      maxRequestBytes: config.maxRequestBytes,
      queryLimits: config.queryLimits,
      webSocketLimits: config.webSocketLimits,
      metricsToken: config.metricsToken,
      shutdownGraceMs: config.shutdownGraceMs,
      // Requests in flight may take the whole stop: past SHUTDOWN_TIMEOUT_MS the process exits anyway.
      requestDrainMs: config.shutdownTimeoutMs,
      demoTenants: DEMO_TENANTS,
      hostedFieldsUrl: processor.settings.hostedFieldsUrl,
    });
    return startedGateway;
  };
  const started = start();
  starting = started;
  let gateway: RunningGateway | null;
  try {
    gateway = await started;
  } catch (error) {
    // A port taken, say, with the job runner already running: said in one line, and its jobs stopped as on a signal.
    reportStartFailure(error);
    return void stop('failed to start', 1);
  }
  if (stopping || gateway === null) return;
  const base = gateway.url.replace(/\/graphql$/, '');
  if (config.notifications.publicUrl === null) notifications.usePublicUrl(base);
  // Announced once the signal handlers are in place: whoever stops the platform on reading this gets a clean stop.
  process.stdout.write(
    [
      '',
      `  Utility billing platform is up.`,
      `  GraphQL (HTTP and WebSocket): ${gateway.url}`,
      `  GraphiQL in a browser:        ${gateway.url}  (one tab per demo city)`,
      `  Health: ${base}/healthz   Ready: ${base}/readyz`,
      `  Database: ${database.embedded ? `embedded PostgreSQL on port ${database.embedded.port} (${database.embedded.dataDir})` : 'DATABASE_URL'}`,
      `  Jobs: ${config.jobsEnabled ? `running, ${config.jobsConcurrency} at a time` : 'off (JOBS_ENABLED=false)'}`,
      `  Email: ${notifications.description.email}`,
      `  Text messages: ${notifications.description.sms}`,
      `  Links in messages point at ${config.notifications.publicUrl ?? base}${config.notifications.publicUrl ? ' (PUBLIC_URL)' : ' (set PUBLIC_URL for another address)'}`,
      `  Payment processor: ${processor.sandbox ? `sandbox on ${processor.sandbox.url} (test cards: packages/processor-sandbox/README.md)` : config.processor.url}`,
      '',
      '  Try it:',
      `    curl -s ${gateway.url} -H 'content-type: application/json' -H 'x-tenant: norwalk' \\`,
      `      -d '{"query":"{ tenant { name timezone paymentRules { posting { description } } } }"}'`,
      `    curl -s ${gateway.url} -H 'content-type: application/json' -H 'x-tenant: norman' -H 'accept-language: es' \\`,
      `      -d '{"query":"{ tenant { name timezone contact { payByPhoneNumber } } }"}'`,
      ...webPageLines(gateway.port),
      ...(config.demoData ? demoAccountLines() : []),
      ...(config.demoData ? demoStaffLines() : []),
      '',
    ].join('\n') + '\n',
  );
}

/** The portal and console of each demo city: on the city's host, or with ?tenant= where *.localhost does not resolve. */
function webPageLines(port: number): string[] {
  return [
    '',
    '  Web pages (resident portal at /, staff console at /console):',
    ...DEMO_TENANTS.flatMap((slug) => {
      const width = Math.max(...DEMO_TENANTS.map((other) => other.length)) + `http://.localhost:${port}/console`.length;
      return [
        `    ${slug.padEnd(8)} portal  ${`http://${slug}.localhost:${port}/`.padEnd(width)}  or http://127.0.0.1:${port}/?tenant=${slug}`,
        `    ${''.padEnd(8)} console ${`http://${slug}.localhost:${port}/console`.padEnd(width)}  or http://127.0.0.1:${port}/console?tenant=${slug}`,
      ];
    }),
  ];
}

/** Who can sign in to each demo city's console. */
function demoStaffLines(): string[] {
  return ['', `  Demo staff sign-in for the console (password ${DEMO_STAFF_PASSWORD}):`, ...DEMO_STAFF.map((user) => `    ${user.tenant.padEnd(8)} ${user.role.padEnd(8)} ${demoSignIn(user)}`)];
}

/** The demo accounts to look up (lookupAccount) and link (linkServiceAccount), with what each city asks for. */
function demoAccountLines(): string[] {
  return [
    '',
    '  Demo accounts (lookupAccount; Norman also asks for the last payment amount; linking at Norwalk asks for the house number):',
    ...DEMO_ACCOUNTS.flatMap((city) =>
      city.accounts.map((a) => {
        const proof = city.slug === 'norman' ? ` last payment ${a.lastPayment ?? '0.00'}` : ` house number ${demoHouseNumber(a)}`;
        return `    ${city.slug.padEnd(8)} ${a.accountNumber.padEnd(11)} ${a.state.padEnd(13)}${proof}`;
      }),
    ),
  ];
}

/** Refuses a PHONE_PROVIDERS or PHONE_AUTH_TOKENS naming a city the database has none of (a slug mistyped): see unknownPhoneCities. */
async function checkPhoneCities(phone: PhoneSettings, db: DataSource): Promise<void> {
  const cities = (await listTenants(db)).map((city) => city.slug);
  const unknown = unknownPhoneCities(phone, cities);
  if (unknown.length === 0) return;
  throw new Error(
    `Invalid configuration: PHONE_PROVIDERS or PHONE_AUTH_TOKENS names ${unknown.join(', ')}, which is no city here (the cities: ${cities.sort().join(', ') || 'none'}); a mistyped slug would leave its city's line on the defaults`,
  );
}

/** What an operator reads: one line (a bad variable, a port taken, a database unreachable), as the worker and CLI say it. */
function reportStartFailure(error: unknown): void {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
}

main().catch((error: unknown) => {
  reportStartFailure(error);
  process.exit(1);
});
