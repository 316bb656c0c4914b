import { randomUUID, timingSafeEqual } from 'node:crypto';
import { RequestLoaders, type RequestContext } from '@platform/api';
import { DomainError, ErrorCode, SUPPORTED_LOCALES, negotiateLocale, translate, type Clock } from '@platform/core';
import { findTenantBySlug, tenantByIdLoader, toTenantRef } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/** What the gateway process holds for every request. */
export interface GatewayDeps {
  readonly db: DataSource;
  readonly clock: Clock;
  readonly log: Logger;
  readonly operatorKey: string;
}

/** What a request said about itself, from HTTP headers or WebSocket connection params. */
export interface RequestFacts {
  readonly requestId: string;
  /** The city the request names, or null when it names none. */
  readonly tenantSlug: string | null;
  readonly acceptLanguage: string | undefined;
  /** The raw `Authorization` value; compared, never logged. */
  readonly authorization: string | undefined;
}

/**
 * Builds the immutable per-request context. A request that names a city the
 * platform does not have fails here (TENANT_NOT_FOUND) instead of falling
 * back to some default city.
 */
export async function buildRequestContext(deps: GatewayDeps, facts: RequestFacts): Promise<RequestContext> {
  const tenant = facts.tenantSlug === null ? null : await findTenantBySlug(deps.db, facts.tenantSlug);
  const locale = tenant
    ? negotiateLocale(facts.acceptLanguage, tenant.settings.locales, tenant.settings.defaultLocale)
    : negotiateLocale(facts.acceptLanguage, SUPPORTED_LOCALES, 'en');
  if (facts.tenantSlug !== null && !tenant) {
    throw new DomainError(ErrorCode.TENANT_NOT_FOUND, translate(locale, 'tenant.notFound', { slug: facts.tenantSlug.slice(0, 60) }));
  }
  const loaders = new RequestLoaders();
  const ctx: RequestContext = Object.freeze({
    requestId: facts.requestId,
    db: deps.db,
    tenant: tenant ? toTenantRef(tenant) : null,
    viewer: null,
    operator: isOperatorCredential(facts.authorization, deps.operatorKey),
    locale,
    clock: deps.clock,
    loaders,
    log: deps.log.child({ requestId: facts.requestId, tenant: tenant?.slug ?? null }),
  });
  loaders.bind(ctx);
  // Resolvers asking for the request's own city get the row already read, not a second query.
  if (tenant) loaders.get(tenantByIdLoader).prime(tenant.id, tenant);
  return ctx;
}

/** A caller-supplied request id is kept when it is short and plain; otherwise we make one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._-]{8,64}$/.test(value) ? value : randomUUID();
}

function isOperatorCredential(authorization: string | undefined, operatorKey: string): boolean {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(operatorKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
