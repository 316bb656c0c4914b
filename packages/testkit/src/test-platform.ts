import { Writable } from 'node:stream';
import type { ServiceModule } from '@platform/api';
import { FixedClock, systemClock, type Clock } from '@platform/core';
import { appUrl, copyDatabase, dropDatabase, type DatabaseSettings } from '@platform/db';
import {
  DEFAULT_MAX_REQUEST_BYTES,
  createServiceModules,
  type JobRunner,
  type QueryLimits,
  type RunningGateway,
  type WebSocketLimits,
  buildGatewaySchema,
  createLogger,
  migrateDatabase,
  openAppDataSource,
  paymentsSettingsFor,
  startGateway,
  startJobRunner,
  tenantsSettingsFor,
} from '@platform/gateway';
import type { DataSource } from 'typeorm';
import {
  DELIVER_TASK,
  createSmtpSender,
  deliverDueNotifications,
  startDeliveryWaker,
  type DeliveryCounts,
  type DeliverySettings,
  type DeliveryWaker,
  type InboundSmsSettings,
  type NotificationsSettings,
  type OutgoingSms,
  type SmsSender,
} from '@platform/notifications';
import { DEFAULT_PHONE_SETTINGS, type PhoneSettings } from '@platform/phone';
import { startSandboxProcessor } from '@platform/processor-sandbox';
import { cardNumbersIn, findCardNumbers } from './card-number-scan';
import { GraphQLTestClient } from './graphql-client';
import { runJob, type RunJobOptions } from './run-job';
import { createTestTemplates, testDatabaseSettings, testTemplates, uniqueDatabaseName, type TestTemplates } from './template-databases';

export const TEST_OPERATOR_KEY = 'test-operator-key-0123456789';

/** How test gateways sign sessions; tests may forge tokens with it (e.g. an expired one). */
export const TEST_SESSION_SETTINGS = Object.freeze({
  // The cheapest cost hashPassword takes: the tests sign in hundreds of times, and what they test is who may, not how slowly.
  passwordHashCost: 2 ** 10,
  secret: new TextEncoder().encode('test-auth-token-secret-0123456789abcdef'),
  issuer: 'utility-billing-platform-test',
  accessTokenTtlSeconds: 15 * 60,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
});

/** The bearer token for GET /metrics in tests. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789';

/** The sandbox processor's key in tests. */
export const TEST_PROCESSOR_SECRET_KEY = 'sk_test_platform_tests_0123456789';

/** The platform's modules, charging through the processor at `processorUrl`. */
function platformModules(
  processorUrl: string,
  processorTimeoutMs: number,
  notifications?: NotificationsSettings,
  phone?: TestPhoneOptions,
  sessions: typeof TEST_SESSION_SETTINGS = TEST_SESSION_SETTINGS,
): readonly ServiceModule[] {
  // As the gateway connects to a processor at PROCESSOR_URL (its calls measured for /metrics).
  const payments = paymentsSettingsFor({ url: processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY, timeoutMs: processorTimeoutMs, tokenizeUrl: undefined, hostedFieldsUrl: undefined, sandboxPort: 0 });
  // The platform's address is where its messages' links point, as PUBLIC_URL is the gateway's.
  const tenants = tenantsSettingsFor([TEST_DELIVERY_SETTINGS.publicUrl]);
  return createServiceModules({ sessions, payments, notifications, phone: { ...DEFAULT_PHONE_SETTINGS, ...phone }, tenants });
}

/** The phone line's timing, for tests of a processor slower than the line may wait; its cities' providers and keys. */
type TestPhoneOptions = Partial<Pick<PhoneSettings, 'answerWithinMs' | 'maxHolds' | 'publicUrl' | 'providers' | 'authTokens'>>;

/**
 * Makes the run's template databases on the server at `adminUrl` (the Jest
 * global setup calls it once, before any test file starts). Migrations and
 * demo seeds call no processor, so the one named here never answers.
 */
export function createPlatformTemplates(adminUrl: string): Promise<TestTemplates> {
  return createTestTemplates(adminUrl, platformModules('http://127.0.0.1:9', 1));
}

export interface TestPlatformOptions {
  /** Seed the demo cities (default true). */
  readonly seed?: boolean;
  /** Defaults to the system clock; pass a FixedClock to set "now". */
  readonly clock?: Clock;
  /**
   * The day the demo accounts' dates count back from (bills issued 10, 40
   * and 70 days before it, due 21 days after issue): 'today', the real day,
   * or 'pinned', DEMO_DATA_PINNED_AT (2026-11-23T18:00:00Z). Default:
   * 'pinned' with a FixedClock, so a test that pins its clock to a fixed day
   * sees the same demo world whatever day it runs; 'today' otherwise. A
   * FixedClock set relative to the real day (`new Date()`,
   * `Date.now() + ...`) says 'today': its demo world must move with it.
   */
  readonly demoDataAt?: 'today' | 'pinned';
  /** Test-only modules served after the platform's own. */
  readonly extraModules?: readonly ServiceModule[];
  /** How long the gateway waits for the processor before calling an outcome UNKNOWN (default 5 s). */
  readonly processorTimeoutMs?: number;
  /** How long the sandbox's magic amounts (13.13, 13.14) hang (default longer than the timeout). */
  readonly sandboxHangMs?: number;
  /**
   * Where the gateway reaches the processor's API, when not at the sandbox (default): an address nothing answers at
   * plays a processor that is down while its tokenizing side (the phone provider's pay connector, at `processorUrl`) is up.
   */
  readonly gatewayProcessorUrl?: string;
  readonly queryLimits?: QueryLimits;
  readonly webSocketLimits?: Partial<WebSocketLimits>;
  /** How long a session lasts from sign-in, unless its person asks for more time (default 30 days, as REFRESH_TOKEN_TTL_SECONDS). */
  readonly sessionLifetimeSeconds?: number;
  /** Let tests pose as different clients through X-Forwarded-For. */
  readonly trustProxy?: boolean;
  /** Origins allowed for every city besides their allowedOrigins (the gateway's CORS_DEVELOPMENT_ORIGINS); none by default. */
  readonly developmentOrigins?: readonly string[];
  /**
   * Scan the database for card numbers when closing (default true; the logs
   * are always scanned). Off only for a file that types card numbers into
   * every field on purpose to test something else.
   */
  readonly scanDatabaseOnClose?: boolean;
  /** GET /metrics wants this bearer token (default TEST_METRICS_TOKEN); null: no /metrics, as when METRICS_TOKEN is unset. */
  readonly metricsToken?: string | null;
  /** Run a job runner on this database (default false, so most tests start faster); see `runJob`. */
  readonly jobs?: boolean;
  /**
   * With `jobs`, queue the modules' schedules at their times too (default
   * false): a test runs a job when it says (runJob). A schedule firing at its
   * minute of the hour (payments.post at :05) made counts depend on the clock.
   */
  readonly schedules?: boolean;
  /**
   * Deliver notifications through the SMTP server at `smtpUrl` (default: they
   * are queued and wait). With `jobs`, the delivery waker runs too, so messages
   * go out as they are queued; `deliverNotifications()` runs a pass directly.
   */
  readonly notifications?: TestNotificationOptions;
  /** The phone line's timing (how long a webhook waits for a payment, how many holds); the gateway's defaults otherwise. */
  readonly phone?: TestPhoneOptions;
  /** How long a request's body may stop arriving before it is answered 408 (the gateway's 30 s otherwise). */
  readonly requestBodySilenceMs?: number;
}

export interface TestNotificationOptions {
  readonly smtpUrl: string;
  /** Overrides of the test delivery settings (fast retries, short claims). */
  readonly delivery?: Partial<DeliverySettings>;
  /** Default: a sink that keeps texts in `sentSms`. */
  readonly sms?: SmsSender;
  /** Serve Twilio's webhook for the texts residents send back (default: not served). */
  readonly inboundSms?: InboundSmsSettings;
}

/** Delivery settings for tests: everything small, so retries and lapsed claims take milliseconds. */
export const TEST_DELIVERY_SETTINGS: DeliverySettings = Object.freeze({
  publicUrl: 'https://billing.test',
  unsubscribeSecret: new TextEncoder().encode('test-unsubscribe-link-key-0123456789'),
  defaultFromAddress: 'notifications@billing.test',
  maxAttempts: 5,
  retryBaseMs: 20,
  retryMaxMs: 200,
  // A message is given up on an hour after it was queued if the relay refuses it then (a test's pinned clock does not move).
  relayGiveUpMs: 3_600_000,
  claimMs: 5_000,
  // The test sender's timeout (1 s), three times.
  sendTimeoutMs: 3_000,
  batchSize: 50,
  concurrency: 5,
  passBudgetMs: 20_000,
  pollIntervalMs: 100,
});

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
  /** The sandbox processor's base URL (tokenize at `${processorUrl}/v1/tokens`). */
  readonly processorUrl: string;
  /** Every log line the gateway (and job runner) wrote, as text, for tests that check what is (not) logged. */
  readonly logLines: () => readonly string[];
  /**
   * Queues a job (needs `jobs: true`) and resolves when it has succeeded;
   * rejects with its error when it fails for good, or after a few seconds.
   * Handlers see the platform's clock. One attempt unless `maxAttempts` says more.
   */
  runJob(task: string, payload?: unknown, options?: RunJobOptions): Promise<void>;
  /** One delivery pass (needs `notifications`), as the `notifications.deliver` job runs it, once work the gateways keep going past its request (a password reset's link) is done. */
  deliverNotifications(): Promise<DeliveryCounts>;
  /**
   * Resolves once the work the gateways (this one and any other started, until closed) keep going past the
   * requests that started it has finished, those started meanwhile too: a phone payment that outlived its
   * webhook, and what its settling writes (the call's record, the caller's text). What a test waits on
   * instead of a guess at how long that takes; the gateway awaits the same as it stops.
   */
  settleBackgroundWork(): Promise<void>;
  /** Texts the default test SMS sink took. */
  readonly sentSms: readonly OutgoingSms[];
  /**
   * Another gateway instance on the same database, with its own connections,
   * its own LISTEN connection and its own platform modules (the test's extra
   * modules are shared), as a second process would have.
   */
  startAnotherGateway(): Promise<{ readonly client: GraphQLTestClient; readonly gateway: RunningGateway; close(): Promise<void> }>;
  /** This platform's gateway (e.g. its event hub). */
  readonly gateway: RunningGateway;
  close(): Promise<void>;
}

/** The run's template a platform with these options copies (see template-databases.ts). */
function templateFor(options: TestPlatformOptions): string {
  const templates = testTemplates();
  if (options.seed === false) return templates.unseeded;
  const demoDataAt = options.demoDataAt ?? (options.clock instanceof FixedClock ? 'pinned' : 'today');
  // Demo data from a fixed day under a clock that moves on would be the time bomb the pinned template exists to defuse.
  if (demoDataAt === 'pinned' && !(options.clock instanceof FixedClock)) throw new Error("demoDataAt: 'pinned' needs a FixedClock");
  return demoDataAt === 'pinned' ? templates.seededPinned : templates.seededToday;
}

/**
 * A fresh database (its own, so test files run in parallel), migrated and
 * seeded (a copy of the run's template), behind a real gateway on a free
 * port. Needs TEST_DATABASE_ADMIN_URL and the templates, which the Jest
 * global setup provides.
 */
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_ADMIN_URL is not set: run tests through Jest (see test/setup)');
  const clock = options.clock ?? systemClock;
  const template = templateFor(options);
  const processorTimeoutMs = options.processorTimeoutMs ?? 5000;
  const sessionSettings = Object.freeze({ ...TEST_SESSION_SETTINGS, refreshTokenTtlSeconds: options.sessionLifetimeSeconds ?? TEST_SESSION_SETTINGS.refreshTokenTtlSeconds });
  // Its own sandbox on a free port, on the platform's clock, reached over HTTP like a real processor.
  const sandbox = await startSandboxProcessor({ port: 0, clock, secretKey: TEST_PROCESSOR_SECRET_KEY, hangMs: options.sandboxHangMs ?? processorTimeoutMs + 2000 });
  const extraModules = options.extraModules ?? [];
  const sentSms: OutgoingSms[] = [];
  const notificationSettings: NotificationsSettings | undefined = options.notifications && {
    delivery: { ...TEST_DELIVERY_SETTINGS, ...options.notifications.delivery },
    channels: {
      email: createSmtpSender({ url: options.notifications.smtpUrl, requireTls: false, tlsRejectUnauthorized: true, maxConnections: 5, timeoutMs: 1_000 }),
      sms: options.notifications.sms ?? { description: 'test sink', send: async (sms) => (sentSms.push(sms), { kind: 'SENT', providerMessageId: `test-${sms.notificationId}` }) },
    },
    inboundSms: options.notifications.inboundSms,
  };
  // Each gateway its own platform modules, as each process has: some keep work of their own (the phone line's payments under way).
  const platformModulesWith = () => [...platformModules(options.gatewayProcessorUrl ?? sandbox.url, processorTimeoutMs, notificationSettings, options.phone, sessionSettings), ...extraModules];
  const modules = platformModulesWith();
  // Every running gateway's modules, for settleBackgroundWork.
  const runningModules = new Set<readonly ServiceModule[]>([modules]);
  const settings: DatabaseSettings = testDatabaseSettings(adminUrl, uniqueDatabaseName('test'));
  const lines: string[] = [];
  const log = createLogger('info', new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) }));

  await copyDatabase(settings, template, settings.databaseName);
  // Test-only modules may bring tables of their own; the copy has the platform's already.
  if (extraModules.some((module) => module.migrations.length > 0)) await migrateDatabase(settings, modules);
  const db = await openAppDataSource(settings, modules, 10, 'platform-test');
  let jobs: JobRunner | null = null;
  let waker: DeliveryWaker | null = null;
  const dispose = async () => {
    await waker?.stop();
    await jobs?.stop();
    notificationSettings?.channels.email.close();
    await db.destroy();
    await dropDatabase(settings, settings.databaseName);
    await sandbox.close();
  };
  const gatewayOptions = (appDb: DataSource) => ({
    eventsListenUrl: appUrl(settings),
    eventCursorSecret: TEST_SESSION_SETTINGS.secret,
    deps: { db: appDb, clock, log, operatorKey: TEST_OPERATOR_KEY, sessions: sessionSettings, trustProxy: options.trustProxy ?? false, developmentOrigins: options.developmentOrigins ?? [] },
    modules,
    host: '127.0.0.1',
    port: 0,
    introspection: true,
    graphiql: true,
    maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
    requestBodySilenceMs: options.requestBodySilenceMs,
    demoTenants: ['norwalk', 'norman'],
    hostedFieldsUrl: `${sandbox.url}/v1/hosted-fields`,
    queryLimits: options.queryLimits,
    webSocketLimits: options.webSocketLimits,
    metricsToken: options.metricsToken === undefined ? TEST_METRICS_TOKEN : options.metricsToken,
  });
  const schema = await buildGatewaySchema(modules);
  let gateway: RunningGateway;
  try {
    // Polls often: retries become due between polls, and tests wait for them.
    if (options.jobs) jobs = await startJobRunner({ settings, modules, db, clock, log, concurrency: 2, pollIntervalMs: 100, schedules: options.schedules ?? false });
    if (jobs && notificationSettings) {
      const runner = jobs;
      waker = await startDeliveryWaker({
        listenUrl: appUrl(settings),
        wake: async () => void (await runner.addJob(DELIVER_TASK, {}, { jobKey: DELIVER_TASK, maxAttempts: 3 })),
        pollIntervalMs: notificationSettings.delivery.pollIntervalMs,
        log,
      });
    }
    gateway = await startGateway({ ...gatewayOptions(db), schema });
  } catch (error) {
    await dispose();
    throw error;
  }
  const settleBackgroundWork = async () => {
    await Promise.all([...runningModules].flat().flatMap((module) => (module.settleBackgroundWork ? [module.settleBackgroundWork()] : [])));
  };
  const client = new GraphQLTestClient(gateway.url);
  const platform: TestPlatform = {
    settings,
    db,
    clock,
    client,
    operator: client.withHeaders({ authorization: `Bearer ${TEST_OPERATOR_KEY}` }),
    processorUrl: sandbox.url,
    gateway,
    async startAnotherGateway() {
      const otherModules = platformModulesWith();
      const otherDb = await openAppDataSource(settings, otherModules, 5, 'platform-test-2');
      const other = await startGateway({ ...gatewayOptions(otherDb), modules: otherModules, schema: await buildGatewaySchema(otherModules) });
      runningModules.add(otherModules);
      return {
        client: new GraphQLTestClient(other.url),
        gateway: other,
        async close() {
          // Its close settles its modules' work first.
          await other.close();
          runningModules.delete(otherModules);
          await otherDb.destroy();
        },
      };
    },
    settleBackgroundWork,
    logLines: () => lines,
    sentSms,
    async deliverNotifications() {
      if (!notificationSettings) throw new Error('deliverNotifications needs startTestPlatform({ notifications })');
      await settleBackgroundWork();
      return deliverDueNotifications({ db, log, clock, ...notificationSettings });
    },
    runJob(task, payload = {}, runOptions) {
      if (!jobs) return Promise.reject(new Error('runJob needs startTestPlatform({ jobs: true })'));
      return runJob(jobs, task, payload, runOptions);
    },
    async close() {
      await gateway.close();
      // Every test file's database and logs, scanned before they are dropped: no card number may be anywhere.
      const cardNumbers = options.scanDatabaseOnClose === false ? cardNumbersIn(lines.join('\n')).map((number) => `log: ${number}`) : await findCardNumbers(settings, lines);
      await dispose();
      RUNNING.delete(gateway.url);
      if (cardNumbers.length > 0) throw new Error(`card numbers found after the tests: ${cardNumbers.join('; ')}`);
    },
  };
  RUNNING.set(gateway.url, platform);
  return platform;
}

/** Platforms running in this test file, by their gateway's URL (a client's httpUrl). */
const RUNNING = new Map<string, TestPlatform>();

/**
 * The running platform whose gateway `client` talks to, for a helper given only a client that must read what the
 * platform keeps (a link in its outbox); undefined for another gateway (startAnotherGateway's, a gateway of its own).
 */
export function testPlatformOf(client: GraphQLTestClient): TestPlatform | undefined {
  return RUNNING.get(client.httpUrl);
}

export { FixedClock };
