import { randomUUID, timingSafeEqual } from 'node:crypto';
import { RequestLoaders, type EventFeed, type RequestContext, type SubscriptionConnection, type Viewer } from '@platform/api';
import { DomainError, ErrorCode, negotiateLocale, platformLocale, translate, type Clock } from '@platform/core';
import { authenticate, type SessionSettings } from '@platform/customers';
import { findTenantBySlug, tenantByIdLoader, toTenantRef } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { slugAsShown } from './tenant-resolution';

/** What the gateway process holds for every request. */
export interface GatewayDeps {
  readonly db: DataSource;
  readonly clock: Clock;
  readonly log: Logger;
  readonly operatorKey: string;
  readonly sessions: SessionSettings;
  /** This instance's feed of committed events, for subscriptions. */
  readonly events: EventFeed;
  /** Believe X-Forwarded-For and X-Forwarded-Host (the gateway runs behind a proxy that sets them). */
  readonly trustProxy: boolean;
  /** Origins this instance lets call any city from a browser besides the cities' own allowedOrigins (development front ends); none in production by default. */
  readonly developmentOrigins: readonly string[];
  /** Aborted as this instance begins to stop (RequestContext.stopping). */
  readonly stopping: AbortSignal;
}

/** What a request said about itself, from HTTP headers or WebSocket connection params. */
export interface RequestFacts {
  readonly requestId: string;
  /** The city the request names, or null when it names none. */
  readonly tenantSlug: string | null;
  readonly acceptLanguage: string | undefined;
  /** The raw `Authorization` value; compared, never logged. Undefined only when none was sent: anything sent is a credential to check. */
  readonly authorization: string | undefined;
  readonly clientIp: string;
  /** The WebSocket, for subscriptions; absent over HTTP. */
  readonly connection?: SubscriptionConnection;
}

/**
 * A context's logger is made on first use: most requests write no line of
 * their own, and a pino child serializes its bindings when made. The getter
 * sits on the prototype and its state in an own field, because Apollo hands
 * resolvers a shallow copy of the context (own fields copied onto the same
 * prototype): the copy stays lazy and shares the one logger.
 */
class LazyLogContext {
  declare readonly logSource: { logger?: Logger; readonly make: () => Logger };
  get log(): Logger {
    return (this.logSource.logger ??= this.logSource.make());
  }
}

/**
 * Builds the immutable per-request context. A request that names a city the
 * platform does not have fails here (TENANT_NOT_FOUND) instead of falling
 * back to some default city.
 */
export async function buildRequestContext(deps: GatewayDeps, facts: RequestFacts): Promise<RequestContext> {
  const tenant = facts.tenantSlug === null ? null : await findTenantBySlug(deps.db, facts.tenantSlug);
  const locale = tenant ? negotiateLocale(facts.acceptLanguage, tenant.settings.locales, tenant.settings.defaultLocale) : platformLocale(facts.acceptLanguage);
  if (facts.tenantSlug !== null && !tenant) {
    throw new DomainError(ErrorCode.TENANT_NOT_FOUND, translate(locale, 'tenant.notFound', { slug: slugAsShown(facts.tenantSlug) }));
  }
  const bearer = bearerToken(facts.authorization);
  // A client that sends a credential means to be someone: one we cannot read as a bearer token is refused as a bad
  // token is, never served as a guest (the answer would look right and the action would run as nobody).
  if (facts.authorization !== undefined && bearer === null) {
    throw new DomainError(ErrorCode.UNAUTHENTICATED, translate(locale, 'edge.authorizationNotBearer'), { reason: 'TOKEN_INVALID' });
  }
  const operator = bearer !== null && isSameSecret(bearer, deps.operatorKey);
  // Any other bearer credential must be a valid session of this city; a bad one fails the request (401), never downgrades to a guest.
  const viewer: Viewer | null =
    bearer === null || operator ? null : await authenticate({ db: deps.db, clock: deps.clock, settings: deps.sessions }, tenant ? toTenantRef(tenant) : null, bearer, locale);
  const loaders = new RequestLoaders();
  const fields: Omit<RequestContext, 'log'> = {
    requestId: facts.requestId,
    db: deps.db,
    tenant: tenant ? toTenantRef(tenant) : null,
    viewer,
    operator,
    locale,
    clientIp: facts.clientIp,
    clock: deps.clock,
    loaders,
    events: deps.events,
    connection: facts.connection ?? null,
    stopping: deps.stopping,
  };
  const logSource = { make: () => deps.log.child({ requestId: facts.requestId, tenant: tenant?.slug ?? null, userId: viewer?.userId ?? null }) };
  const ctx: RequestContext = Object.freeze(Object.assign(Object.create(LazyLogContext.prototype) as LazyLogContext, fields, { logSource }));
  loaders.bind(ctx);
  // Resolvers asking for the request's own city get the row already read, not a second query.
  if (tenant) loaders.keep(tenantByIdLoader, tenant.id, tenant);
  return ctx;
}

/**
 * The caller's address. Behind a trusted proxy it is the last hop the proxy
 * added to X-Forwarded-For; otherwise the socket's peer, since anyone can
 * send that header.
 */
export function clientIpFrom(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string {
  const forwarded = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const lastHop = forwarded
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
  const address = (trustProxy && lastHop) || remoteAddress || 'unknown';
  return address.replace(/^::ffff:/, '');
}

/** A caller-supplied request id is kept when it is short and plain; otherwise we make one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._-]{8,64}$/.test(value) ? value : randomUUID();
}

/**
 * The token of an `Authorization: Bearer <token>` value, or null when the value is not that. The scheme is
 * case-insensitive and followed by one or more spaces (RFC 7235 section 2.1; tabs are taken too); the token is one word.
 */
export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S+)$/i.exec(authorization?.trim() ?? '');
  return match?.[1] ?? null;
}

/** Compares a presented secret with the expected one in constant time. */
export function isSameSecret(presented: string, secret: string): boolean {
  const given = Buffer.from(presented);
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
