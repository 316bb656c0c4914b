import type { IncomingHttpHeaders, Server } from 'node:http';
import type { RequestContext } from '@platform/api';
import { DomainError, ErrorCode, platformLocale, settledWithin, translate, type Locale, type RateLimitReason } from '@platform/core';
import { tenantByIdLoader } from '@platform/tenants';
import {
  GraphQLError,
  OperationTypeNode,
  execute,
  getOperationAST,
  parse,
  specifiedRules,
  subscribe,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { CLOSE_TRY_AGAIN_LATER, isDatabaseUnavailable, serviceUnavailable } from './database-unavailable';
import { formatClientError, isUnexpectedError } from './error-formatting';
import { operationForLog } from './logger';
import { costLimitRefusal } from './query-cost';
import { operationAttributes, operationLabel, recordOperation } from './metrics/graphql-metrics';
import { inSpan } from './tracing';
import { buildRequestContext, clientIpFrom, requestIdFrom, type GatewayDeps, type RequestFacts } from './request-context';
import { acceptUpgrades } from './websocket-upgrades';
import { isSameOrigin, originAllowed, originOf } from './cors';
import { CLOSE_SESSION_ENDED, type SessionSockets } from './websocket-sessions';

/** What a client sends in graphql-ws `connection_init`. */
export type ConnectionParams = {
  /** The city slug; required for tenant-scoped subscriptions. */
  tenant?: unknown;
  authorization?: unknown;
};

type ConnectionState = { facts?: RequestFacts; locale?: Locale; refused?: number };

/** Close code for a connection that names a city the platform does not have. */
export const CLOSE_UNKNOWN_TENANT = 4404;
/** Close code (graphql-ws's "Bad Request", which its clients do not retry) for a connection with a credential that names no city: it can do nothing until it names one. */
export const CLOSE_TENANT_REQUIRED = 4400;
/** Close code for a connection whose credential is not a live session of its city, or from a browser page on an origin its city does not allow (graphql-ws's "Forbidden"). */
export const CLOSE_UNAUTHENTICATED = 4403;
/** Close code (RFC 6455 "Policy Violation") for a socket that kept starting operations after as many refusals as it may run. */
export const CLOSE_FLOODING = 1008;
/**
 * Close code (RFC 6455 "Service Restart") for sockets this instance drops on purpose, a shutdown included:
 * graphql-ws clients reconnect after it (through the load balancer, to another instance) and resume by cursor.
 */
export const CLOSE_SERVICE_RESTART = 1012;

/** What one client may do over WebSocket; messages are capped by the HTTP body limit. */
export interface WebSocketLimits {
  /** Operations one socket may run at once; a subscription counts until it ends. */
  readonly maxOperationsPerSocket: number;
  /** Sockets one client address may hold open at once, per gateway instance; more get HTTP 429 at the upgrade. */
  readonly maxConnectionsPerAddress: number;
  /** How long a socket may stay open before its `connection_init` (then 4408). */
  readonly connectionInitTimeoutMs: number;
  /** How often open sockets' sessions are looked up again, in case a session-ended notification was missed (ms). */
  readonly sessionRecheckIntervalMs: number;
}

export const DEFAULT_WEBSOCKET_LIMITS: WebSocketLimits = Object.freeze({
  maxOperationsPerSocket: 20,
  maxConnectionsPerAddress: 100,
  connectionInitTimeoutMs: 3000,
  sessionRecheckIntervalMs: 30_000,
});

export interface WebSocketOptions {
  readonly schema: GraphQLSchema;
  readonly deps: GatewayDeps;
  readonly rules: readonly ValidationRule[];
  readonly maxTokens: number;
  /** The operation cost limit (query-cost.ts), checked with the operation's variables. */
  readonly maxCost: number;
  /** Largest message a client may send; a bigger one closes the socket with 1009 before it is read whole. */
  readonly maxMessageBytes: number;
  readonly limits: WebSocketLimits;
  /** True when introspection is off: validation errors then name no field or type the client did not (no "Did you mean ...?"), as Apollo's over HTTP. */
  readonly hideSchemaDetails: boolean;
  readonly sessions: SessionSockets;
  /** True once the instance is shutting down (see RunningGateway.close). */
  readonly draining: () => boolean;
}

/**
 * graphql-ws on the gateway's HTTP server, at the same path as HTTP GraphQL.
 * The tenant comes from `connectionParams.tenant` and is checked at connect:
 * an unknown city closes the socket with 4404, a credential naming no city
 * with 4400, a bad credential with 4403,
 * each with a readable reason; a session that ends later closes it with 4401.
 */
export function attachWebSocketServer(server: Server, options: WebSocketOptions) {
  const { schema, deps, limits, sessions } = options;
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  acceptUpgrades(server, wsServer, {
    path: '/graphql',
    maxPerAddress: limits.maxConnectionsPerAddress,
    clientIp: (request) => clientIpFrom(request.socket.remoteAddress, request.headers['x-forwarded-for'], deps.trustProxy),
    onSocketError: (error) => deps.log.warn({ code: (error as { code?: string }).code, message: error.message }, 'WebSocket protocol error'),
    draining: options.draining,
  });
  const inFlight = new OperationsInFlight();
  // A query's or mutation's count, handed from onSubscribe to its execution by the operation's own context.
  const executions = new WeakMap<object, () => void>();
  const disposable = useServer<ConnectionParams, ConnectionState>(
    {
      schema,
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const { socket, request } = ctx.extra;
        const facts: RequestFacts = {
          requestId: requestIdFrom(request.headers['x-request-id']),
          tenantSlug: typeof params.tenant === 'string' ? params.tenant.trim().toLowerCase() : null,
          acceptLanguage: request.headers['accept-language'],
          authorization: credentialSent(params.authorization),
          clientIp: clientIpFrom(request.socket.remoteAddress, request.headers['x-forwarded-for'], deps.trustProxy),
        };
        let connection: RequestContext;
        try {
          connection = await buildRequestContext(deps, facts);
        } catch (error) {
          if (isDatabaseUnavailable(error)) {
            deps.log.warn({ requestId: facts.requestId }, 'database unavailable');
            const unavailable = serviceUnavailable(platformLocale(facts.acceptLanguage));
            socket.close(CLOSE_TRY_AGAIN_LATER, closeReason(`${unavailable.code}: ${unavailable.message}`));
            return false;
          }
          if (!(error instanceof DomainError)) throw error;
          const code = error.code === ErrorCode.TENANT_NOT_FOUND ? CLOSE_UNKNOWN_TENANT : error.code === ErrorCode.TENANT_REQUIRED ? CLOSE_TENANT_REQUIRED : CLOSE_UNAUTHENTICATED;
          socket.close(code, closeReason(`${error.code}: ${error.message}`));
          return false;
        }
        const { tenant, viewer, locale } = connection;
        // A browser page on another origin may open a live feed only where it may call the API (cors.ts); clients that send no Origin are not browsers.
        const origin = originOf(request.headers);
        if (origin !== null && !isSameOrigin(origin, request.headers, deps.trustProxy)) {
          const city = tenant ? await connection.loaders.get(tenantByIdLoader).load(tenant.id) : null;
          if (!originAllowed(origin, city?.settings.allowedOrigins ?? [], deps.developmentOrigins)) {
            socket.close(CLOSE_UNAUTHENTICATED, closeReason(`ORIGIN_NOT_ALLOWED: ${translate(locale, 'edge.originNotAllowed', { origin: origin.slice(0, 40) })}`));
            return false;
          }
        }
        if (tenant && viewer && socket.readyState === socket.OPEN) {
          const reason = closeReason(`SESSION_ENDED: ${translate(locale, 'edge.sessionEnded')}`);
          const forget = sessions.add(tenant, viewer.sessionId, () => socket.close(CLOSE_SESSION_ENDED, reason));
          socket.once('close', forget);
        }
        ctx.extra.facts = facts;
        ctx.extra.locale = locale;
        return true;
      },
      // Parse and validate here, with the same limits as HTTP, and build each operation's own context.
      onSubscribe: inFlight.counting(async (ctx, id, payload) => {
        const { facts, locale } = ctx.extra;
        if (!facts || !locale) throw new Error('graphql-ws operation before connect');
        // graphql-ws has already entered this operation in `subscriptions`.
        if (Object.keys(ctx.subscriptions).length > limits.maxOperationsPerSocket) {
          const refusal = tooManyOperations(locale, limits.maxOperationsPerSocket);
          // A client refused as often as it may run operations, and still asking, is flooding: stop reading it.
          ctx.extra.refused = (ctx.extra.refused ?? 0) + 1;
          if (ctx.extra.refused === limits.maxOperationsPerSocket) ctx.extra.socket.close(CLOSE_FLOODING, closeReason(`RATE_LIMITED: ${refusal.message}`));
          return [refusal];
        }
        const started = process.hrtime.bigint();
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: options.maxTokens });
        } catch (error) {
          // The code HTTP answers with (Apollo's), so a client reads one vocabulary over both.
          const refusal = new GraphQLError(error instanceof GraphQLError ? error.message : 'Could not parse the query', {
            ...(error instanceof GraphQLError && { source: error.source, positions: error.positions }),
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          });
          recordOperation(operationLabel(null), 'websocket', [formatted(refusal)], started);
          return [refusal];
        }
        const errors = validate(schema, document, [...specifiedRules, ...options.rules]);
        if (errors.length > 0) {
          if (options.hideSchemaDetails) for (const error of errors) error.message = withoutSuggestion(error.message);
          recordOperation(operationLabel(null), 'websocket', errors.map(formatted), started);
          return errors;
        }
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) {
          // Apollo's code and words over HTTP, where graphql-ws would answer its own "Unable to identify operation".
          const refusal = new GraphQLError(payload.operationName ? `Unknown operation named "${payload.operationName}".` : 'Must provide operation name if query contains multiple operations.', {
            extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
          });
          recordOperation(operationLabel(null), 'websocket', [formatted(refusal)], started);
          return [refusal];
        }
        const tooCostly = costLimitRefusal(schema, document, operation, payload.variables ?? undefined, options.maxCost);
        if (tooCostly) {
          recordOperation(operationLabel(operation), 'websocket', [formatted(tooCostly)], started);
          return [tooCostly];
        }
        let contextValue: RequestContext;
        try {
          const socket = ctx.extra.socket;
          // Lets a subscription end the whole connection (a reader too slow to keep up), saying where to resume.
          const connection = { close: (code: number, reason: string) => socket.close(code, closeReason(reason)) };
          contextValue = await buildRequestContext(deps, { ...facts, requestId: `${facts.requestId}:${id}`, connection });
        } catch (error) {
          // e.g. the session ended or its access token expired since the socket connected; or the database is away.
          // The formatter (onError) words both from the original error.
          if (!(error instanceof DomainError) && !isDatabaseUnavailable(error)) throw error;
          const refusal = new GraphQLError((error as Error).message, { originalError: error as Error });
          recordOperation(operationLabel(operation), 'websocket', [formatted(refusal)], started);
          return [refusal];
        }
        // A client that is not a browser may send `traceparent` with the upgrade: its operations continue that trace.
        arrivals.set(contextValue, { started, headers: ctx.extra.request.headers });
        // Counted for its execution before onSubscribe's own count ends, so a stop never finds it counted by neither.
        // graphql-ws executes every query and mutation it is handed (it finds this same operation); a subscription
        // counts only until its stream starts.
        if (operation.operation !== OperationTypeNode.SUBSCRIPTION) executions.set(contextValue, inFlight.begin());
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      }),
      execute: async (args) => {
        try {
          return await observedOperation(args, execute);
        } finally {
          executions.get(args.contextValue as object)?.();
        }
      },
      subscribe: (args) => observedOperation(args, subscribe),
      onNext: (ctx, _id, payload, _args, result) => {
        if (!result.errors) return;
        logUnexpected(ctx.extra.facts, payload, result.errors);
        return { ...result, errors: result.errors.map((error) => formatClientError(error.toJSON(), error, ctx.extra.locale)) };
      },
      onError: (ctx, _id, payload, errors) => {
        logUnexpected(ctx.extra.facts, payload, errors);
        return errors.map((error) => formatClientError(error.toJSON(), error, ctx.extra.locale));
      },
    },
    wsServer,
  );
  return {
    /**
     * Closes every socket and the server, then waits up to `drainMs` for the
     * queries and mutations the sockets sent to finish, as Apollo's drain
     * waits for HTTP requests: closing a socket does not stop its operation
     * (a payment with the processor goes on), whose outcome must be recorded
     * before the pools close. Its client, gone, retries by idempotency key.
     */
    async close(drainMs: number): Promise<void> {
      await disposable.dispose();
      const drained = inFlight.settled().then(() => true);
      if ((await settledWithin(drained, drainMs)) === null) deps.log.warn({ drainMs }, 'WebSocket operations still running at the end of the drain');
    },
    closeAll(): number {
      for (const socket of wsServer.clients) socket.close(CLOSE_SERVICE_RESTART, 'Service Restart');
      return wsServer.clients.size;
    },
    openCount: () => wsServer.clients.size,
  };

  function logUnexpected(facts: RequestFacts | undefined, payload: { query: string; operationName?: string | null }, errors: readonly GraphQLError[]): void {
    for (const error of errors) {
      if (isUnexpectedError(error))
        deps.log.error({ requestId: facts?.requestId, err: error.originalError ?? error, path: error.path, ...operationForLog(payload.query, payload.operationName) }, 'subscription error');
    }
  }
}

/**
 * WebSocket operations a stopping gateway waits for: each from its arrival
 * (onSubscribe) until it is refused, or for a query or mutation until its
 * execution ends, work begun while it waits too.
 */
class OperationsInFlight {
  private readonly running = new Set<Promise<void>>();

  /** Counts one operation until the function returned is called. */
  begin(): () => void {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => {
      end = () => {
        this.running.delete(ended);
        resolve();
      };
    });
    this.running.add(ended);
    return end;
  }

  /** `step`, counted while it runs. */
  counting<A extends unknown[], R>(step: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args) => {
      const end = this.begin();
      try {
        return await step(...args);
      } finally {
        end();
      }
    };
  }

  /** Resolves once nothing is counted. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/** When each operation arrived, and its socket's upgrade request headers: by the operation's own context (made per operation in onSubscribe). */
const arrivals = new WeakMap<object, { readonly started: bigint; readonly headers: IncomingHttpHeaders }>();

/**
 * A WebSocket operation observed as HTTP's are: one server span named by the
 * operation around its execution (a subscription's: until its stream starts;
 * each event it sends later is not a span of its own), and its count and its
 * time from arrival in the metrics.
 */
function observedOperation<R extends ExecutionResult | AsyncIterable<ExecutionResult>>(args: ExecutionArgs, run: (args: ExecutionArgs) => R | Promise<R>): Promise<R> {
  const operation = getOperationAST(args.document, args.operationName);
  const label = operationLabel(operation);
  const arrival = arrivals.get(args.contextValue as object);
  return inSpan(
    label,
    'server',
    operationAttributes(operation, 'websocket'),
    async () => {
      const result = await run(args);
      recordOperation(label, 'websocket', Symbol.asyncIterator in result ? undefined : result.errors?.map(formatted), arrival?.started ?? process.hrtime.bigint());
      return result;
    },
    arrival?.headers,
  );
}

/** An error as the client reads it (its code), for the metrics. */
const formatted = (error: GraphQLError) => formatClientError(error.toJSON(), error);

const refusals = new Map<string, GraphQLError>();

/**
 * The refusal of one operation too many: the socket and its other operations
 * carry on. One error per language and limit, made once: a flood is refused
 * by the thousand, and making an error (its stack trace) is the dear part.
 */
function tooManyOperations(locale: Locale, max: number): GraphQLError {
  const key = `${locale}:${max}`;
  let refusal = refusals.get(key);
  if (!refusal) {
    const message = translate(locale, 'edge.tooManyOperations', { max: String(max) });
    refusals.set(
      key,
      (refusal = new GraphQLError(message, { originalError: new DomainError(ErrorCode.RATE_LIMITED, message, { limit: max, reason: 'SOCKET_OPERATIONS' satisfies RateLimitReason }) })),
    );
  }
  return refusal;
}

/**
 * A validation message without graphql-js's "Did you mean ...?" hint, which
 * names fields and types of the schema: what Apollo's
 * hideSchemaDetailsFromClientErrors does to the same errors over HTTP.
 */
function withoutSuggestion(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}

/** A close reason within the protocol's 123 bytes of UTF-8, cut between characters. */
function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

/** The socket's credential as an Authorization header: a value that is not text (a number, an object) is still one sent, refused (4403) as an unreadable one, not read as none. */
function credentialSent(authorization: unknown): string | undefined {
  if (authorization === undefined || authorization === null) return undefined;
  return typeof authorization === 'string' ? authorization : '';
}
