import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { REQUEST_BODY_SILENCE_MS, RequestBodyStalled, readBodyWithin, type HttpRoute, type RequestContext } from '@platform/api';
import { DomainError, ErrorCode, platformLocale, translate } from '@platform/core';
import { findTenantBySlug, listTenants } from '@platform/tenants';
import { allowPreflight, allowResponse, isPreflight, isSameOrigin, originAllowed, originOf, refusePreflight } from './cors';
import { RETRY_AFTER_SECONDS, isDatabaseUnavailable, serviceUnavailable } from './database-unavailable';
import { inRequestLocale, unexpectedErrorMessage } from './error-formatting';
import { GRAPHIQL_PAGE_HEADERS, graphiqlAsset, graphiqlPage } from './graphiql';
import { serveMetrics } from './metrics/metrics-endpoint';
import { checkReadiness } from './readiness';
import { inSpan } from './tracing';
import { setSecurityHeaders } from './security-headers';
import { serveWebPage } from './static-web';
import { buildRequestContext, clientIpFrom, requestIdFrom, type GatewayDeps } from './request-context';
import { slugAsShown, tenantSlugFromRequest } from './tenant-resolution';

/**
 * The default request body limit, in bytes (MAX_REQUEST_BYTES): room for the
 * largest request the API documents, importBills' 10,000 bills with every
 * field filled and 200-character descriptions (about 4.8 MB as JSON).
 */
export const DEFAULT_MAX_REQUEST_BYTES = 5_000_000;

export interface HttpHandlerOptions {
  readonly apollo: ApolloServer<RequestContext>;
  readonly deps: GatewayDeps;
  readonly migrationNames: readonly string[];
  readonly graphiql: boolean;
  readonly demoTenants: readonly string[];
  /** A larger body is refused with 413 before it is read whole. */
  readonly maxRequestBytes: number;
  /** A body of which nothing arrives this long is answered 408 (readBodyWithin; REQUEST_BODY_SILENCE_MS when unset). */
  readonly requestBodySilenceMs?: number;
  /** The processor's hosted payment form's origin, the one frame the pages may show (null: none). */
  readonly hostedFieldsOrigin: string | null;
  /** GET /metrics wants this bearer token; null: no /metrics. */
  readonly metricsToken: string | null;
  /** True once the instance is shutting down: /readyz says 503 so the load balancer sends no more. */
  readonly draining: () => boolean;
  /** The services' own HTTP endpoints (webhooks), by exact path. */
  readonly httpRoutes?: readonly HttpRoute[];
}

/**
 * A thin node:http handler in front of Apollo's `executeHTTPGraphQLRequest`
 * (what Apollo's standalone server does): no framework in the hot path, and
 * the WebSocket server shares the same http.Server.
 */
export function createHttpHandler(options: HttpHandlerOptions) {
  const { deps } = options;
  const bodySilenceMs = options.requestBodySilenceMs ?? REQUEST_BODY_SILENCE_MS;
  const routes = new Map((options.httpRoutes ?? []).flatMap((r) => r.paths.map((path) => [path, r] as const)));
  return (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // node:http passes on any request target; the URL parser refuses some (`//`, `//a:b`, `/\`). `new URL` would throw them
    // here, outside any try, in the server's request listener: the end of the process. Null instead, answered 400 below.
    const url = URL.parse(req.url ?? '/', 'http://gateway');
    const path = url?.pathname ?? null;
    // When tracing: one span per request, its log lines included (the GraphQL plugin names it by its operation).
    return inSpan(
      `${req.method ?? 'GET'} ${path === '/graphql' ? 'graphql' : 'http'}`,
      'server',
      { 'http.request.method': req.method ?? 'GET', ...(path !== null && { 'url.path': path }) },
      async (span) => {
        const started = process.hrtime.bigint();
        const requestId = requestIdFrom(req.headers['x-request-id']);
        res.setHeader('x-request-id', requestId);
        setSecurityHeaders(req, res, deps.trustProxy);
        let clientClosed = false;
        try {
          if (url === null) return sendJson(res, 400, { errors: [{ message: 'Malformed request URL', extensions: { code: 'BAD_REQUEST' } }] }, req);
          await route(req, res, url, requestId);
        } catch (error) {
          // The client closed its connection before its request had all arrived: nobody is left to answer, and nothing
          // failed here (its ECONNRESET "aborted" would otherwise read as the database's connection failing).
          if (req.errored !== null && error === req.errored) {
            clientClosed = true;
            return void res.destroy();
          }
          if (error instanceof RequestBodyStalled) return refuseStalled(req, res, error);
          const unavailable = isDatabaseUnavailable(error);
          if (unavailable) deps.log.warn({ requestId, err: error }, 'database unavailable');
          else deps.log.error({ requestId, err: error }, 'request failed');
          if (res.headersSent) res.end();
          else if (unavailable) sendServiceUnavailable(req, res);
          else sendJson(res, 500, { errors: [{ message: unexpectedErrorMessage(acceptedLocale(req)), extensions: { code: ErrorCode.INTERNAL } }] }, req);
        } finally {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          if (!clientClosed) span?.setAttribute('http.response.status_code', res.statusCode);
          deps.log.info({ requestId, method: req.method, path, status: clientClosed ? null : res.statusCode, ...(clientClosed && { clientClosed }), ms: Math.round(ms * 10) / 10 }, 'request');
        }
      },
      req.headers,
    );
  };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    // Shutting down: each answer closes its connection, so no client sends its next request down a socket about to close.
    if (options.draining()) res.setHeader('connection', 'close');
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/metrics') return serveMetrics(req, res, options.metricsToken, deps.db);
    if (url.pathname === '/readyz') {
      if (options.draining()) return sendJson(res, 503, { status: 'not ready', reason: 'shutting down' });
      const readiness = await checkReadiness(deps.db, options.migrationNames);
      return sendJson(res, readiness.ready ? 200 : 503, readiness.ready ? { status: 'ready' } : { status: 'not ready', reason: readiness.reason });
    }
    if (url.pathname.startsWith('/graphiql/') && options.graphiql) {
      const asset = graphiqlAsset(url.pathname.slice('/graphiql/'.length));
      if (!asset) return sendJson(res, 404, { error: 'not found' });
      res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' });
      return void res.end(asset.body);
    }
    const serviceRoute = routes.get(url.pathname);
    if (serviceRoute) {
      const clientIp = clientIpFrom(req.socket.remoteAddress, req.headers['x-forwarded-for'], deps.trustProxy);
      const log = deps.log.child({ requestId });
      return serviceRoute.handle(req, res, {
        requestId,
        db: deps.db,
        clock: deps.clock,
        log,
        events: deps.events,
        clientIp,
        trustProxy: deps.trustProxy,
        maxRequestBytes: options.maxRequestBytes,
        requestBodySilenceMs: bodySilenceMs,
        stopping: deps.stopping,
      });
    }
    if (url.pathname !== '/graphql') return void (serveWebPage(req, res, url.pathname, options.hostedFieldsOrigin) || sendJson(res, 404, { error: 'not found' }));
    const cors = await crossOriginCheck(req, requestId);
    if (isPreflight(req)) {
      if (cors?.verdict === 'refused') return refusePreflight(res);
      // Only an origin the city allows is remembered for long; the others pass only so the page can read the answer that follows (TENANT_NOT_FOUND, 503).
      return allowPreflight(res, originOf(req.headers)!, cors === null || cors.verdict === 'allowed' ? undefined : 0);
    }
    if (cors?.verdict === 'refused') {
      const message = translate(acceptedLocale(req), 'edge.originNotAllowed', { origin: cors.origin.slice(0, 100) });
      return sendJson(res, 403, { errors: [{ message, extensions: { code: ErrorCode.FORBIDDEN } }] }, req);
    }
    if (cors) allowResponse(res, cors.origin);
    // Answered here, nothing run: let through, the request would run for an origin nobody allowed if the city were created (or the database back) a moment later.
    if (cors?.verdict === 'unknown city') {
      const message = translate(acceptedLocale(req), 'tenant.notFound', { slug: slugAsShown(cors.slug) });
      return sendJson(res, httpStatusFor(ErrorCode.TENANT_NOT_FOUND), { errors: [{ message, extensions: { code: ErrorCode.TENANT_NOT_FOUND } }] }, req);
    }
    if (cors?.verdict === 'database unavailable') return sendServiceUnavailable(req, res);
    if (options.graphiql && req.method === 'GET' && !url.searchParams.has('query') && prefersHtml(req)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...GRAPHIQL_PAGE_HEADERS });
      return void res.end(graphiqlPage(options.demoTenants));
    }
    return executeGraphQL(req, res, url, requestId);
  }

  /**
   * CORS (see cors.ts): null when it does not apply (no Origin, or the page
   * is this host's own); otherwise the origin and the verdict for the city
   * the request names (or this development instance). When the city cannot
   * be checked (the platform has no such city, or the database is away),
   * nothing will run and the answer (TENANT_NOT_FOUND, or 503 with
   * Retry-After) tells the page nothing it could not learn otherwise: the
   * page may read it, where a refusal would look to it like a network error.
   */
  async function crossOriginCheck(req: IncomingMessage, requestId: string): Promise<CrossOrigin | null> {
    const origin = originOf(req.headers);
    if (origin === null || isSameOrigin(origin, req.headers, deps.trustProxy)) return null;
    if (originAllowed(origin, [], deps.developmentOrigins)) return { origin, verdict: 'allowed' };
    const slug = tenantSlugFromRequest(req.headers, deps.trustProxy);
    try {
      if (slug !== null) {
        const tenant = await findTenantBySlug(deps.db, slug);
        if (tenant === null) return { origin, verdict: 'unknown city', slug };
        return { origin, verdict: originAllowed(origin, tenant.settings.allowedOrigins, []) ? 'allowed' : 'refused' };
      }
      // A preflight cannot carry x-tenant's value: on a host that names no city, one city's origin passes it, and the request that follows is checked against the city it names.
      const anyCity = isPreflight(req) && (await listTenants(deps.db)).some((tenant) => originAllowed(origin, tenant.settings.allowedOrigins, []));
      return { origin, verdict: anyCity ? 'allowed' : 'refused' };
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      deps.log.warn({ requestId, err: error }, 'database unavailable');
      return { origin, verdict: 'database unavailable' };
    }
  }

  async function executeGraphQL(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    const raw = req.method === 'POST' ? await readBody(req, options.maxRequestBytes, bodySilenceMs) : '';
    if (raw === null) return refuseTooLarge(req, res, options.maxRequestBytes);
    let body: unknown;
    if (raw && isJson(req.headers['content-type'])) {
      try {
        body = JSON.parse(raw);
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] }, req);
      }
    }

    let ctx: RequestContext;
    try {
      ctx = await buildRequestContext(deps, {
        requestId,
        tenantSlug: tenantSlugFromRequest(req.headers, deps.trustProxy),
        acceptLanguage: req.headers['accept-language'],
        authorization: req.headers.authorization,
        clientIp: clientIpFrom(req.socket.remoteAddress, req.headers['x-forwarded-for'], deps.trustProxy),
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendJson(res, httpStatusFor(error.code), { errors: [{ message: error.message, extensions: { ...error.details, code: error.code } }] }, req);
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await inRequestLocale(ctx.locale, () =>
      options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => ctx,
      }),
    );
    for (const [name, value] of response.headers) res.setHeader(name, value);
    // What a GraphQL answer is to caches (Apollo's cache-control plugin is off: see gateway.ts).
    if (!res.hasHeader('cache-control')) res.setHeader('cache-control', 'no-store');
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      if (answersLegacyJsonWith200(res, response.body.string)) res.statusCode = 200;
      return void res.end(response.body.string);
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/** What CORS makes of a request from a page on another origin (see crossOriginCheck). */
type CrossOrigin = { readonly origin: string; readonly verdict: 'allowed' | 'refused' | 'database unavailable' } | { readonly origin: string; readonly verdict: 'unknown city'; readonly slug: string };

function httpStatusFor(code: ErrorCode): number {
  if (code === ErrorCode.TENANT_NOT_FOUND) return 404;
  if (code === ErrorCode.UNAUTHENTICATED) return 401;
  return 400;
}

/** Codes of errors in a well-formed request: its document does not parse or validate, or a variable's value does not fit. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * GraphQL over HTTP: a client that accepts only `application/json` SHOULD get
 * 200 for a well-formed request whose document fails to parse or validate,
 * or whose variables do not fit (the errors are in the body); one that
 * accepts `application/graphql-response+json` gets Apollo's 400 with that
 * media type. Apollo answers 400 either way, so the legacy case is mended here.
 */
function answersLegacyJsonWith200(res: ServerResponse, body: string): boolean {
  if (res.statusCode !== 400 || !/^application\/json\b/i.test(String(res.getHeader('content-type') ?? ''))) return false;
  try {
    const { data, errors } = JSON.parse(body) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
    return data === undefined && Array.isArray(errors) && errors.length > 0 && errors.every((error) => REQUEST_ERROR_CODES.has(String(error.extensions?.code)));
  } catch {
    return false;
  }
}

/** The database is away: 503, and when to come back. */
function sendServiceUnavailable(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
  const { code, message } = serviceUnavailable(acceptedLocale(req));
  sendJson(res, 503, { errors: [{ message, extensions: { code } }] }, req);
}

/** The language of an answer given before the request's city is known (or with no database to know it from). */
const acceptedLocale = (req: IncomingMessage) => platformLocale(req.headers['accept-language']);

/** An error body of our own, in the media type the client asked for (GraphQL's own, when it accepts it). */
function sendJson(res: ServerResponse, status: number, body: unknown, req?: IncomingMessage): void {
  const graphqlResponse = req !== undefined && /application\/graphql-response\+json/i.test(req.headers.accept ?? '');
  res.writeHead(status, { 'content-type': `${graphqlResponse ? 'application/graphql-response+json' : 'application/json'}; charset=utf-8` });
  res.end(JSON.stringify(body));
}

/** 413, on a connection then closed: the rest of the body is not read (Node would otherwise read it all to keep the connection alive). */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  res.setHeader('connection', 'close');
  sendJson(res, 413, { errors: [{ message: `Request body too large: at most ${limit} bytes`, extensions: { code: 'BAD_REQUEST' } }] }, req);
}

/** 408, on a connection then closed: a body that stopped arriving (a webhook's too) is not waited for any longer. */
function refuseStalled(req: IncomingMessage, res: ServerResponse, stalled: RequestBodyStalled): void {
  res.setHeader('connection', 'close');
  const message = `Request body not received: nothing arrived for ${stalled.silenceMs / 1000} s`;
  sendJson(res, 408, { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }, req);
}

function prefersHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html');
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/(graphql-response\+)?json\b/i.test(contentType?.trim() ?? '');
}

/** The body as text, or null when it is larger than the limit (readBodyWithin: then answered by refuseTooLarge). */
async function readBody(req: IncomingMessage, limit: number, silenceMs: number): Promise<string | null> {
  const body = await readBodyWithin(req, limit, silenceMs);
  return body === null ? null : body.toString('utf8');
}
