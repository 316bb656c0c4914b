import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalizeOrigin } from '@platform/tenants';
import { requestHost, type Headers } from './tenant-resolution';

/*
 * CORS for /graphql: which browser pages on other origins may call the API.
 *
 * A city lists its trusted origins in its settings (`allowedOrigins`); a
 * development instance adds a few of its own (`CORS_DEVELOPMENT_ORIGINS`).
 * An origin is allowed for the city the request names (host or x-tenant,
 * as for every request), never for another: an origin Norwalk allows gets
 * nothing from Norman. Same-origin pages (the bundled portal and console)
 * and clients that send no Origin (servers, apps, curl) are not CORS's
 * concern and go on as before. Everything else is refused outright (403, no
 * CORS headers), rather than executed with the answer hidden from the page,
 * since a refused mutation must not run at all.
 *
 * Credentials are bearer tokens in Authorization, never cookies, so
 * Access-Control-Allow-Credentials is never sent.
 */

const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';
/**
 * What a front end sends: its token, the city, the language, what Apollo's CSRF prevention asks of GET requests, and the
 * W3C trace context a traced page adds (its trace then goes on in the gateway's, README OpenTelemetry).
 */
const CORS_ALLOWED_HEADERS = 'authorization, content-type, accept, accept-language, x-tenant, x-request-id, apollo-require-preflight, x-apollo-operation-name, traceparent, tracestate';
/** Headers a page may read: the request id (to quote to support) and when to come back after a 503. */
const CORS_EXPOSED_HEADERS = 'x-request-id, retry-after';
/** How long a browser may reuse a preflight's answer (seconds): a city's change of origins reaches browsers within this. */
const CORS_MAX_AGE_SECONDS = 600;

/** The Origin header as sent, or null when there is none. */
export function originOf(headers: Headers): string | null {
  const origin = headers.origin;
  return (Array.isArray(origin) ? origin[0] : origin) ?? null;
}

/** Whether the page is served by this very host (its own portal or console): no CORS needed. Only the host and port are compared, as the scheme is the proxy's. */
export function isSameOrigin(origin: string, headers: Headers, trustProxy: boolean): boolean {
  const normal = normalizeOrigin(origin);
  return normal !== null && new URL(normal).host === requestHost(headers, trustProxy);
}

/** Whether a page at `origin` may call a city that allows `cityOrigins`, on an instance that also allows `developmentOrigins`. "null" and anything malformed never are. */
export function originAllowed(origin: string, cityOrigins: readonly string[], developmentOrigins: readonly string[]): boolean {
  const normal = normalizeOrigin(origin);
  return normal !== null && (cityOrigins.includes(normal) || developmentOrigins.includes(normal));
}

/** An OPTIONS request a browser sends before a cross-origin call. */
export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && originOf(req.headers) !== null && req.headers['access-control-request-method'] !== undefined;
}

/** The answer to an allowed preflight: 204 with what the page may send, which the browser may remember for `maxAgeSeconds`. */
export function allowPreflight(res: ServerResponse, origin: string, maxAgeSeconds = CORS_MAX_AGE_SECONDS): void {
  res.writeHead(204, {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': CORS_ALLOWED_METHODS,
    'access-control-allow-headers': CORS_ALLOWED_HEADERS,
    'access-control-max-age': String(maxAgeSeconds),
    vary: 'Origin',
  });
  res.end();
}

/** A refused preflight: 403 and no CORS header at all, so the browser stops there. */
export function refusePreflight(res: ServerResponse): void {
  res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', vary: 'Origin' });
  res.end('origin not allowed');
}

/** Marks an allowed cross-origin response readable by the page; set before anything else is written, so every answer carries it. */
export function allowResponse(res: ServerResponse, origin: string): void {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS);
  res.setHeader('vary', 'Origin');
}
