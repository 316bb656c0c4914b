import type { Clock, Locale } from '@platform/core';
import type DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { EventFeed, SubscriptionConnection } from './event-feed';

/** The city a request is for: what every service needs without asking the tenants service. */
export interface TenantRef {
  readonly id: string;
  readonly slug: string;
  readonly timeZone: string;
  readonly locales: readonly Locale[];
  readonly defaultLocale: Locale;
}

/** Who is signed in: a user of the request's city, from a verified, unrevoked session. */
export interface Viewer {
  readonly userId: string;
  readonly sessionId: string;
  readonly roles: readonly string[];
  /** When the access token stops being valid: a subscription opened with it ends then. */
  readonly expiresAt: Date;
  /**
   * Whether the viewer still stands as the request found them: the session open, their access not taken away, the
   * roles the token carries still theirs. Read in `manager`'s transaction under share locks on their user and session
   * rows, held to its end: a removal, role change or sign-out either committed before (false) or waits for it.
   */
  readonly stillSignedIn: (manager: EntityManager) => Promise<boolean>;
}

/**
 * Built once per request (or WebSocket operation) by the gateway and passed,
 * unchanged, as the first argument of every service function. It is a `type`,
 * not an `interface`, because graphql-ws wants a type for its context.
 */
export type RequestContext = {
  readonly requestId: string;
  readonly db: DataSource;
  /** Null when the request names no city (operator calls); `requireTenant` turns that into an error. */
  readonly tenant: TenantRef | null;
  readonly viewer: Viewer | null;
  /** True when the request carries the platform operator's key. */
  readonly operator: boolean;
  readonly locale: Locale;
  /** The caller's address, for rate limits and the audit log (X-Forwarded-For only behind a trusted proxy). */
  readonly clientIp: string;
  readonly clock: Clock;
  readonly loaders: LoaderCache;
  readonly log: Logger;
  readonly events: EventFeed;
  /** The WebSocket of a subscription; null over HTTP. */
  readonly connection: SubscriptionConnection | null;
  /**
   * Aborted once the gateway process begins to stop. Work one request runs
   * for minutes (a staff autopay run) then takes on nothing new, records what
   * it has under way and answers, as a job does on `JobHelpers.stopping`: the
   * stop waits for requests in flight only so long before closing the pools.
   */
  readonly stopping: AbortSignal;
};

/** A context whose tenant is known: what tenant-scoped functions take. */
export type TenantContext = RequestContext & { readonly tenant: TenantRef };

/** Makes a DataLoader for one request; defined by the service that owns the data. */
export type LoaderFactory<K, V> = (ctx: RequestContext) => DataLoader<K, V>;

/**
 * The request's DataLoaders, one per factory: `ctx.loaders.get(tenantByIdLoader)`
 * gives the same batching cache for the rest of the request. Declared here and
 * implemented by `RequestLoaders`, so the context depends on no implementation.
 */
export interface LoaderCache {
  get<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V>;
  /** Forgets what every loader loaded (all but what the request held from its start): what is asked next is read anew. */
  clear(): void;
}
