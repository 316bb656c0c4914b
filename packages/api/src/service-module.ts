import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '@platform/core';
import type { EntityList, MigrationList } from '@platform/db';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { EventFeed } from './event-feed';

/** What a job handler gets besides its payload. */
export interface JobHelpers {
  /**
   * The app role, like a request: row-level security applies, so tenant data
   * goes through `withTenant` with the tenant named in the payload.
   */
  readonly db: DataSource;
  /** Already carries the task name, job id and attempt number. */
  readonly log: Logger;
  /** "Now" for business rules; tests set it. */
  readonly clock: Clock;
  /**
   * Aborted once this process begins to stop. A long job then takes on no new
   * work, settles or hands back what it holds, and returns: the stop waits for
   * running jobs only so long, then ends the process, cutting off what is
   * still under way (a message sent and not recorded goes out again).
   */
  readonly stopping: AbortSignal;
}

/**
 * A background job: a plain async function. Delivery is at least once (a
 * throw is retried with backoff; a run cut off by a crash runs again once its
 * lock expires, after 4 hours), so it must be idempotent. The payload is JSON as enqueued (or, for a schedule,
 * `{ _cron: { ts } }`): parse it, don't trust it.
 */
export type JobHandler = (payload: unknown, helpers: JobHelpers) => Promise<void>;

/** Runs `task` on a graphile-worker crontab schedule, e.g. `0 * * * *` (hourly, UTC). */
export interface JobSchedule {
  readonly task: string;
  readonly cron: string;
}

/** What the gateway hands an HTTP route with each request. */
export interface HttpRouteContext {
  readonly requestId: string;
  /** The app role: row-level security applies, as for GraphQL requests. */
  readonly db: DataSource;
  readonly clock: Clock;
  /** Already carries the request id. */
  readonly log: Logger;
  readonly events: EventFeed;
  /** The caller's address (X-Forwarded-For only behind a trusted proxy). */
  readonly clientIp: string;
  /** Believe X-Forwarded-Proto and X-Forwarded-Host (the gateway runs behind a proxy that sets them). */
  readonly trustProxy: boolean;
  /** The largest body the route should read. */
  readonly maxRequestBytes: number;
  /** How long the route's body may stop arriving before it is given up on (readBodyWithin; answered 408). */
  readonly requestBodySilenceMs: number;
  /** Aborted once the gateway process begins to stop (RequestContext.stopping). */
  readonly stopping: AbortSignal;
}

/**
 * A plain HTTP endpoint a service serves besides GraphQL: webhooks a
 * provider calls (the phone line's TwiML webhooks). The route answers
 * everything itself, errors included; a throw is a 500 with nothing more said
 * (a body that stopped arriving, RequestBodyStalled, a 408).
 */
export interface HttpRoute {
  /** The exact paths it answers, e.g. "/phone/voice". */
  readonly paths: readonly string[];
  handle(req: IncomingMessage, res: ServerResponse, ctx: HttpRouteContext): Promise<void>;
}

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
  /**
   * Task name -> handler. Task names are global to the platform, so each
   * starts with the service's name and a dot (`billing.disconnection-sweep`);
   * the job runner refuses to start otherwise, or when two modules claim one name.
   */
  readonly jobs: Readonly<Record<string, JobHandler>>;
  /** Recurring jobs; each names a task of some module, at most one schedule per task. */
  readonly schedules?: readonly JobSchedule[];
  /** HTTP endpoints besides GraphQL (webhooks), mounted by the gateway at their paths. */
  readonly httpRoutes?: readonly HttpRoute[];
  /**
   * Demo data for `pnpm start` and tests; idempotent. Runs after migrations, in module order, as the app role like any request.
   * Dates (bills issued, payments made) count back from `clock`: the real day, or a fixed one for tests that pin their clock.
   */
  readonly seedDemo?: (db: DataSource, log: Logger, clock: Clock) => Promise<void>;
  /**
   * Resolves once work the module keeps going past the request that started
   * it has finished (a phone payment whose caller was put on hold). The
   * gateway awaits it as it stops, once its requests have drained and before
   * its database connections close.
   */
  readonly settleBackgroundWork?: () => Promise<void>;
}
