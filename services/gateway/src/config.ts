import path from 'node:path';
import { PASSWORD_HASH_COST, secretFromString } from '@platform/auth';
import type { SessionSettings } from '@platform/customers';
import type { DatabaseSettings } from '@platform/db';
import type { DeliverySettings, SmtpSettings, TwilioSettings } from '@platform/notifications';
import { STALE_PENDING_MS } from '@platform/payments';
import { DEFAULT_PHONE_SETTINGS, DEV_PHONE_AUTH_TOKEN, PHONE_PROVIDERS, telnyxPublicKey, type PhoneProvider, type PhoneSettings } from '@platform/phone';
import { normalizeOrigin } from '@platform/tenants';
import { z } from 'zod';
import { DEFAULT_MAX_REQUEST_BYTES } from './http-handler';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits';
import { DEFAULT_WEBSOCKET_LIMITS, type WebSocketLimits } from './websocket';

/*
 * Configuration comes from the environment, parsed once at start-up into a
 * frozen object. Secrets have development defaults so `pnpm start` works on
 * a fresh machine; production must set them (see README).
 */

const DEV_OPERATOR_KEY = 'dev-operator-key-change-me';
const DEV_AUTH_TOKEN_SECRET = 'dev-auth-token-secret-change-me-0123456789';
const DEV_PROCESSOR_SECRET_KEY = 'sk_test_dev_sandbox_key_change_me';
const DEV_OWNER_PASSWORD = 'billing-owner-dev-password';
const DEV_APP_PASSWORD = 'billing-app-dev-password';

/** How much sooner than reconciliation's STALE_PENDING_MS a processor call must give up: the database work around it. */
const PROCESSOR_TIMEOUT_MARGIN_MS = 15_000;

/** The longest delay a Node timer holds: Node fires a longer one after 1 ms, so a "practically never" would be "always". */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** A setting in milliseconds that ends up in a timer. */
function timerMs(min: number) {
  return z.coerce.number().int().min(min).max(LONGEST_TIMER_MS);
}

const environment = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_NAME: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('billing'),
  DATABASE_OWNER_ROLE: z.string().default('billing_owner'),
  DATABASE_OWNER_PASSWORD: z.string().min(1).default(DEV_OWNER_PASSWORD),
  DATABASE_APP_ROLE: z.string().default('billing_app'),
  DATABASE_APP_PASSWORD: z.string().min(1).default(DEV_APP_PASSWORD),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_SILENCE_LIMIT_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  EMBEDDED_POSTGRES_DIR: z.string().default('.data/postgres'),
  PLATFORM_OPERATOR_KEY: z.string().min(16).default(DEV_OPERATOR_KEY),
  AUTH_TOKEN_SECRET: z.string().min(32).default(DEV_AUTH_TOKEN_SECRET),
  AUTH_TOKEN_ISSUER: z.string().min(1).default('utility-billing-platform'),
  RECEIPT_TOKEN_SECRET: z.string().min(32).optional(),
  EVENT_CURSOR_SECRET: z.string().min(32).optional(),
  UNSUBSCRIBE_TOKEN_SECRET: z.string().min(32).optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(3600)
    .default(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(3600)
    .max(90 * 24 * 3600)
    .default(30 * 24 * 3600),
  TRUST_PROXY: z.stringbool().default(false),
  GRAPHQL_INTROSPECTION: z.stringbool().default(true),
  GRAPHIQL: z.stringbool().optional(),
  DEMO_DATA: z.stringbool().optional(),
  MAX_REQUEST_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_MAX_REQUEST_BYTES),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.maxDepth),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.maxCost),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(DEFAULT_QUERY_LIMITS.maxAliases),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(DEFAULT_QUERY_LIMITS.maxDirectives),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(DEFAULT_QUERY_LIMITS.maxTokens),
  WS_MAX_OPERATIONS_PER_SOCKET: z.coerce.number().int().min(1).default(DEFAULT_WEBSOCKET_LIMITS.maxOperationsPerSocket),
  WS_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(DEFAULT_WEBSOCKET_LIMITS.maxConnectionsPerAddress),
  WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(DEFAULT_WEBSOCKET_LIMITS.connectionInitTimeoutMs),
  WS_SESSION_RECHECK_INTERVAL_MS: timerMs(0).default(DEFAULT_WEBSOCKET_LIMITS.sessionRecheckIntervalMs),
  JOBS_ENABLED: z.stringbool().default(true),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(2),
  JOBS_SCHEDULES: z.stringbool().default(true),
  AUTOPAY_CHARGE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
  PROCESSOR_URL: z.url({ protocol: /^https?$/ }).optional(),
  PROCESSOR_SECRET_KEY: z.string().min(16).default(DEV_PROCESSOR_SECRET_KEY),
  PROCESSOR_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  PROCESSOR_TOKENIZE_URL: z.url({ protocol: /^https?$/ }).optional(),
  PROCESSOR_HOSTED_FIELDS_URL: z.url({ protocol: /^https?$/ }).optional(),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  /** JSON object of city slug -> the telephony provider of that city's number (twilio, telnyx, signalwire), e.g. {"norman":"telnyx"}; twilio if missing. */
  PHONE_PROVIDERS: z.string().optional(),
  /** JSON object of city slug -> the key its provider signs that city's webhooks with, e.g. {"norwalk":"..."}. */
  PHONE_AUTH_TOKENS: z.string().optional(),
  /** The auth token for cities not in PHONE_AUTH_TOKENS (development default; none in production). */
  PHONE_AUTH_TOKEN: z.string().min(16).optional(),
  PHONE_PAY_CONNECTOR: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default('platform_pay_connector'),
  // A base the webhooks' paths are written after: a query or fragment would end up between the two.
  PHONE_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .refine((url) => !/[?#]/.test(url), 'a base URL, such as https://pay.example.com or https://example.gov/payments: no query or fragment')
    .optional(),
  // The provider gives up on a webhook at 15 s (Twilio): a second is left for the rest of the answer.
  PHONE_ANSWER_WITHIN_MS: z.coerce.number().int().min(1000).max(14_000).default(DEFAULT_PHONE_SETTINGS.answerWithinMs),
  PHONE_MAX_HOLDS: z.coerce.number().int().min(0).max(20).default(DEFAULT_PHONE_SETTINGS.maxHolds),
  /** Comma-separated origins allowed for every city besides their own lists (a front end on a Vite dev server); "" for none. */
  CORS_DEVELOPMENT_ORIGINS: z.string().optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  SMTP_REQUIRE_TLS: z.stringbool().default(false),
  SMTP_TLS_REJECT_UNAUTHORIZED: z.stringbool().default(true),
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  DEV_MAILBOX_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  DEV_MAILBOX_DIR: z.string().default('.data/mail'),
  DEV_SMS_DIR: z.string().default('.data/sms'),
  NOTIFICATION_FROM_ADDRESS: z.email().default('notifications@billing.example'),
  NOTIFICATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  NOTIFICATION_RETRY_BASE_MS: timerMs(1).default(60_000),
  NOTIFICATION_RETRY_MAX_MS: timerMs(1).default(3_600_000),
  // Postfix's default queue lifetime: a relay refusing the platform over a long weekend is waited out.
  NOTIFICATION_RELAY_GIVE_UP_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24)
    .default(5 * 24),
  NOTIFICATION_CLAIM_MS: timerMs(100).default(180_000),
  NOTIFICATION_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  NOTIFICATION_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  NOTIFICATION_POLL_MS: timerMs(10).default(5_000),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/)
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/)
    .optional(),
  TWILIO_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  METRICS_TOKEN: z.string().min(16).optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(300_000).default(0),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
});

/** Vite's dev server: a front end being built against a local gateway. Never a default in production. */
const DEFAULT_DEVELOPMENT_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

export interface GatewayConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  /** Unset: start an embedded PostgreSQL under `embeddedPostgresDir`. */
  readonly databaseUrl: string | undefined;
  readonly database: Omit<DatabaseSettings, 'adminUrl'>;
  readonly databasePoolSize: number;
  /**
   * How long a request's statement may wait with the database silent (a frozen host, a partition) before it is answered
   * 503, and how long a request waits for a pooled connection. Far above any statement requests or the jobs run in the
   * gateway make; below a client's patience.
   */
  readonly databaseSilenceLimitMs: number;
  readonly embeddedPostgresDir: string;
  readonly operatorKey: string;
  readonly sessions: SessionSettings;
  /** HMAC key of guests' receipt tokens; the session key unless set (receipt tokens carry their own prefix). */
  readonly receiptTokenSecret: Uint8Array;
  /** The key live-event cursors are sealed with for each city (see cursor-seal.ts in @platform/events); the session key unless set. */
  readonly eventCursorSecret: Uint8Array;
  /** Origins every city allows on this instance, besides each city's allowedOrigins (see README, CORS). */
  readonly developmentOrigins: readonly string[];
  /** Take the client's address from X-Forwarded-For and the host it asked for (its city) from X-Forwarded-Host (only behind a proxy that sets them). */
  readonly trustProxy: boolean;
  /** Bearer token for GET /metrics; null: no /metrics at all (Prometheus exposition is off by default). */
  readonly metricsToken: string | null;
  /** On SIGTERM: how long /readyz says 503 while requests are still served, for the load balancer to notice. */
  readonly shutdownGraceMs: number;
  /** On SIGTERM: the whole shutdown's bound; past it the process exits with 1, whatever is still running. */
  readonly shutdownTimeoutMs: number;
  readonly introspection: boolean;
  /** Serve the GraphiQL IDE to browsers at /graphql: a development tool, so off in production unless GRAPHIQL=true. */
  readonly graphiql: boolean;
  /** Seed the demo cities (and, later, their accounts) at start-up. */
  readonly demoData: boolean;
  /** The largest HTTP body and WebSocket message a client may send. */
  readonly maxRequestBytes: number;
  readonly queryLimits: QueryLimits;
  readonly webSocketLimits: WebSocketLimits;
  /** Run background jobs in this process (off for instances that only serve requests). */
  readonly jobsEnabled: boolean;
  /** Jobs run at once by this process; they share the app pool (`databasePoolSize`) with requests. */
  readonly jobsConcurrency: number;
  /** Queue the modules' schedules (cron) from this process; every instance that does queues each tick once. */
  readonly jobsSchedules: boolean;
  /** Processor calls one autopay run has in flight at once; each holds at most one app connection at a time. */
  readonly autopayConcurrency: number;
  readonly processor: {
    /** Unset: run the sandbox processor in this process on `sandboxPort` (never in production). */
    readonly url: string | undefined;
    readonly secretKey: string;
    readonly timeoutMs: number;
    /** Where browsers tokenize; defaults to the processor's own /v1/tokens. */
    readonly tokenizeUrl: string | undefined;
    /** The hosted payment form pages frame; defaults to the processor's own /v1/hosted-fields. */
    readonly hostedFieldsUrl: string | undefined;
    readonly sandboxPort: number;
  };
  /** The pay-by-phone line's webhooks (see README, Pay by phone). */
  readonly phone: PhoneSettings;
  readonly notifications: NotificationConfig;
}

export interface NotificationConfig {
  /** Where links in messages point (reset and invitation pages); null: this gateway's own address, once it listens. */
  readonly publicUrl: string | null;
  /** Null: run the development mailbox in-process (never in production). */
  readonly smtp: SmtpSettings | null;
  readonly devMailbox: { readonly port: number; readonly dir: string };
  /** Null: texts go to the development sink in `devSmsDir`, or in production nowhere (they fail as NO_SMS_PROVIDER). */
  readonly twilio: TwilioSettings | null;
  /** Null in production, which never writes texts to a file. */
  readonly devSmsDir: string | null;
  readonly delivery: Omit<DeliverySettings, 'publicUrl'>;
}

/** Lists whose empty value is documented to mean "none" rather than "not set". */
const EMPTY_MEANS_NONE: ReadonlySet<string> = new Set(['CORS_DEVELOPMENT_ORIGINS']);

/**
 * The environment with blank variables left out: `PORT=` or compose's `${METRICS_TOKEN:-}` mean "not set", and read as
 * values they were port 0, an interval of 0 (never), a refused 16-character token, or HOST '' (every interface).
 */
function withoutEmptyValues(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name, value]) => value !== undefined && (value.trim() !== '' || EMPTY_MEANS_NONE.has(name))));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = environment.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.PLATFORM_OPERATOR_KEY === DEV_OPERATOR_KEY) {
    throw new Error('Invalid configuration: PLATFORM_OPERATOR_KEY must be set in production');
  }
  if (e.NODE_ENV === 'production' && (!e.PROCESSOR_URL || e.PROCESSOR_SECRET_KEY === DEV_PROCESSOR_SECRET_KEY)) {
    throw new Error('Invalid configuration: PROCESSOR_URL and PROCESSOR_SECRET_KEY must be set in production (the sandbox processor is for development)');
  }
  // Every start sets the roles' passwords to these (bootstrapDatabase): left at the published development values, anyone
  // who reaches the database could sign in as the owner of every table and turn row-level security off.
  if (e.NODE_ENV === 'production' && (e.DATABASE_OWNER_PASSWORD === DEV_OWNER_PASSWORD || e.DATABASE_APP_PASSWORD === DEV_APP_PASSWORD)) {
    throw new Error('Invalid configuration: DATABASE_OWNER_PASSWORD and DATABASE_APP_PASSWORD must be set in production');
  }
  // The demo data seeds staff with a published password, and households with bills anyone may pay. Demo staff a database
  // holds from before it went live are taken away as a production gateway starts (retirePublishedDemoSignIns).
  if (e.NODE_ENV === 'production' && e.DEMO_DATA) {
    throw new Error('Invalid configuration: DEMO_DATA cannot be true in production (it seeds staff sign-ins whose password is published)');
  }
  if (e.NODE_ENV === 'production' && e.AUTH_TOKEN_SECRET === DEV_AUTH_TOKEN_SECRET) {
    throw new Error('Invalid configuration: AUTH_TOKEN_SECRET must be set in production');
  }
  if (e.NODE_ENV === 'production' && (!e.SMTP_URL || !e.PUBLIC_URL)) {
    throw new Error('Invalid configuration: SMTP_URL and PUBLIC_URL must be set in production (the development mailbox is for development)');
  }
  if (e.NODE_ENV === 'production') {
    const plainHttp = addressesBrowsersReach(e).find(({ url }) => url !== undefined && new URL(url).protocol !== 'https:');
    if (plainHttp) {
      const unset = plainHttp.fromProcessorUrl ? `; unset, it is taken from PROCESSOR_URL, which is http: set it to the processor's https address` : '';
      throw new Error(`Invalid configuration: ${plainHttp.name} must be https:// in production (${plainHttp.why}, in clear over http)${unset}`);
    }
  }
  const twilioSet = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_MESSAGING_SERVICE_SID].filter((v) => v !== undefined).length;
  if (twilioSet !== 0 && twilioSet !== 3) throw new Error('Invalid configuration: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_MESSAGING_SERVICE_SID go together');
  // A send is cut off before its claim lapses, so a slow one is never doubled; but one that needs a connect, a greeting
  // and a reply, each up to the timeout, must fit in a claim, or a slow server would see every send cut off.
  if (e.NOTIFICATION_CLAIM_MS <= 4 * e.SMTP_TIMEOUT_MS) throw new Error('Invalid configuration: NOTIFICATION_CLAIM_MS must exceed 4 x SMTP_TIMEOUT_MS');
  const developmentOrigins = (e.CORS_DEVELOPMENT_ORIGINS?.split(',') ?? (e.NODE_ENV === 'production' ? [] : DEFAULT_DEVELOPMENT_ORIGINS)).map((o) => o.trim()).filter(Boolean);
  const badOrigin = developmentOrigins.find((origin) => normalizeOrigin(origin) === null);
  if (badOrigin !== undefined) throw new Error(`Invalid configuration: CORS_DEVELOPMENT_ORIGINS: "${badOrigin}" is not an origin (http(s)://host[:port])`);
  // Reconciliation takes a payment PENDING for STALE_PENDING_MS to have lost its request, and "no charge under its key"
  // then to mean none: a charge call still waiting then, and approved after, would be recorded FAILED with the money taken.
  if (e.PROCESSOR_TIMEOUT_MS > STALE_PENDING_MS - PROCESSOR_TIMEOUT_MARGIN_MS) {
    throw new Error(
      `Invalid configuration: PROCESSOR_TIMEOUT_MS must be at most ${STALE_PENDING_MS - PROCESSOR_TIMEOUT_MARGIN_MS} (reconciliation settles a payment unanswered for ${STALE_PENDING_MS} ms)`,
    );
  }
  // A payment in flight as a stop begins may wait on two processor calls (the token, then the charge): cut off, it would
  // stay in doubt until reconciliation.
  if (e.SHUTDOWN_TIMEOUT_MS <= e.SHUTDOWN_GRACE_MS + 2 * e.PROCESSOR_TIMEOUT_MS) {
    throw new Error('Invalid configuration: SHUTDOWN_TIMEOUT_MS must exceed SHUTDOWN_GRACE_MS + 2 x PROCESSOR_TIMEOUT_MS');
  }
  const phoneAuthTokens = parsePhoneAuthTokens(e.PHONE_AUTH_TOKENS);
  const phoneProviders = parsePhoneProviders(e.PHONE_PROVIDERS, phoneAuthTokens);
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    developmentOrigins: Object.freeze(developmentOrigins.map((origin) => normalizeOrigin(origin)!)),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    database: Object.freeze({
      databaseName: e.DATABASE_NAME,
      owner: Object.freeze({ name: e.DATABASE_OWNER_ROLE, password: e.DATABASE_OWNER_PASSWORD }),
      app: Object.freeze({ name: e.DATABASE_APP_ROLE, password: e.DATABASE_APP_PASSWORD }),
    }),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseSilenceLimitMs: e.DATABASE_SILENCE_LIMIT_MS,
    embeddedPostgresDir: path.resolve(e.EMBEDDED_POSTGRES_DIR),
    operatorKey: e.PLATFORM_OPERATOR_KEY,
    sessions: Object.freeze({
      passwordHashCost: PASSWORD_HASH_COST,
      secret: secretFromString(e.AUTH_TOKEN_SECRET),
      issuer: e.AUTH_TOKEN_ISSUER,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    }),
    receiptTokenSecret: secretFromString(e.RECEIPT_TOKEN_SECRET ?? e.AUTH_TOKEN_SECRET),
    eventCursorSecret: secretFromString(e.EVENT_CURSOR_SECRET ?? e.AUTH_TOKEN_SECRET),
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN ?? null,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    introspection: e.GRAPHQL_INTROSPECTION,
    graphiql: e.GRAPHIQL ?? e.NODE_ENV !== 'production',
    demoData: e.DEMO_DATA ?? e.NODE_ENV !== 'production',
    maxRequestBytes: e.MAX_REQUEST_BYTES,
    queryLimits: Object.freeze({
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxCost: e.GRAPHQL_MAX_COST,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
    }),
    webSocketLimits: Object.freeze({
      maxOperationsPerSocket: e.WS_MAX_OPERATIONS_PER_SOCKET,
      maxConnectionsPerAddress: e.WS_MAX_CONNECTIONS_PER_ADDRESS,
      connectionInitTimeoutMs: e.WS_CONNECTION_INIT_TIMEOUT_MS,
      sessionRecheckIntervalMs: e.WS_SESSION_RECHECK_INTERVAL_MS,
    }),
    jobsEnabled: e.JOBS_ENABLED,
    jobsConcurrency: e.JOBS_CONCURRENCY,
    jobsSchedules: e.JOBS_SCHEDULES,
    autopayConcurrency: e.AUTOPAY_CHARGE_CONCURRENCY,
    processor: Object.freeze({
      url: e.PROCESSOR_URL,
      secretKey: e.PROCESSOR_SECRET_KEY,
      timeoutMs: e.PROCESSOR_TIMEOUT_MS,
      tokenizeUrl: e.PROCESSOR_TOKENIZE_URL,
      hostedFieldsUrl: e.PROCESSOR_HOSTED_FIELDS_URL,
      sandboxPort: e.SANDBOX_PORT,
    }),
    notifications: Object.freeze({
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, '') ?? null,
      smtp: e.SMTP_URL
        ? Object.freeze({
            url: e.SMTP_URL,
            requireTls: e.SMTP_REQUIRE_TLS,
            tlsRejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED,
            maxConnections: e.SMTP_MAX_CONNECTIONS,
            timeoutMs: e.SMTP_TIMEOUT_MS,
          })
        : null,
      devMailbox: Object.freeze({ port: e.DEV_MAILBOX_PORT, dir: path.resolve(e.DEV_MAILBOX_DIR) }),
      twilio:
        e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_MESSAGING_SERVICE_SID
          ? Object.freeze({ accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID, apiUrl: e.TWILIO_API_URL })
          : null,
      devSmsDir: e.NODE_ENV === 'production' ? null : path.resolve(e.DEV_SMS_DIR),
      delivery: Object.freeze({
        // The session key unless set: the links' HMAC input carries its own prefix, as receipt tokens' does.
        unsubscribeSecret: secretFromString(e.UNSUBSCRIBE_TOKEN_SECRET ?? e.AUTH_TOKEN_SECRET),
        defaultFromAddress: e.NOTIFICATION_FROM_ADDRESS,
        maxAttempts: e.NOTIFICATION_MAX_ATTEMPTS,
        retryBaseMs: e.NOTIFICATION_RETRY_BASE_MS,
        retryMaxMs: Math.max(e.NOTIFICATION_RETRY_MAX_MS, e.NOTIFICATION_RETRY_BASE_MS),
        relayGiveUpMs: e.NOTIFICATION_RELAY_GIVE_UP_HOURS * 3_600_000,
        claimMs: e.NOTIFICATION_CLAIM_MS,
        // connect, greeting, reply: what a send is begun with at least, before its claim's send deadline
        sendTimeoutMs: 3 * e.SMTP_TIMEOUT_MS,
        batchSize: e.NOTIFICATION_BATCH_SIZE,
        concurrency: e.NOTIFICATION_CONCURRENCY,
        passBudgetMs: 60_000,
        pollIntervalMs: e.NOTIFICATION_POLL_MS,
      }),
    }),
    phone: Object.freeze({
      providers: phoneProviders,
      authTokens: phoneAuthTokens,
      defaultAuthToken: e.PHONE_AUTH_TOKEN ?? (e.NODE_ENV === 'production' ? null : DEV_PHONE_AUTH_TOKEN),
      payConnector: e.PHONE_PAY_CONNECTOR,
      publicUrl: e.PHONE_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
      answerWithinMs: e.PHONE_ANSWER_WITHIN_MS,
      maxHolds: e.PHONE_MAX_HOLDS,
    }),
  });
}

/**
 * The configured addresses a browser is sent to, each with what would go in clear over http. The processor's own API
 * (PROCESSOR_URL) is a server-to-server call and may be on a private network; the card form and the tokenize address
 * are taken from it when not set (`fromProcessorUrl`).
 */
function addressesBrowsersReach(e: z.infer<typeof environment>): { name: string; url: string | undefined; why: string; fromProcessorUrl: boolean }[] {
  const processorsOr = (name: string, url: string | undefined, why: string) => ({ name, url: url ?? e.PROCESSOR_URL, why, fromProcessorUrl: url === undefined });
  return [
    { name: 'PUBLIC_URL', url: e.PUBLIC_URL, why: 'the links in emails carry reset, invitation and unsubscribe tokens', fromProcessorUrl: false },
    processorsOr('PROCESSOR_HOSTED_FIELDS_URL', e.PROCESSOR_HOSTED_FIELDS_URL, 'residents type card numbers into the hosted form'),
    processorsOr('PROCESSOR_TOKENIZE_URL', e.PROCESSOR_TOKENIZE_URL, 'pages send card and bank numbers there'),
  ];
}

/**
 * PHONE_PROVIDERS: a JSON object of city slug -> provider. A Telnyx city's key in PHONE_AUTH_TOKENS is its account's
 * public key (base64 of 32 bytes): refused at start when missing or not one, or every webhook of the city would be.
 */
function parsePhoneProviders(text: string | undefined, keys: Readonly<Record<string, string>>): Readonly<Record<string, PhoneProvider>> {
  if (!text) return Object.freeze({});
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Reported below, with what the value should be.
  }
  const parsed = z.record(z.string().regex(/^[a-z0-9-]{2,40}$/), z.enum(PHONE_PROVIDERS)).safeParse(json);
  if (!parsed.success) throw new Error(`Invalid configuration: PHONE_PROVIDERS must be a JSON object of city slug to provider (${PHONE_PROVIDERS.join(', ')})`);
  for (const [slug, provider] of Object.entries(parsed.data)) {
    const key = keys[slug];
    if (provider === 'telnyx' && (key === undefined || telnyxPublicKey(key) === null)) {
      throw new Error(`Invalid configuration: PHONE_AUTH_TOKENS must give ${slug}, a Telnyx city in PHONE_PROVIDERS, its account's public key (base64, 32 bytes)`);
    }
  }
  return Object.freeze({ ...parsed.data });
}

/** PHONE_AUTH_TOKENS: a JSON object of city slug -> auth token. */
function parsePhoneAuthTokens(text: string | undefined): Readonly<Record<string, string>> {
  if (!text) return Object.freeze({});
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Reported below, with what the value should be.
  }
  const parsed = z.record(z.string().regex(/^[a-z0-9-]{2,40}$/), z.string().min(16)).safeParse(json);
  if (!parsed.success) throw new Error('Invalid configuration: PHONE_AUTH_TOKENS must be a JSON object of city slug to auth token (16 characters or more)');
  return Object.freeze({ ...parsed.data });
}
