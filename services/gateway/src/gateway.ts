import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { RequestContext, ServiceModule } from '@platform/api';
import { EventHub } from '@platform/events';
import { forgetSession, startSessionCache, stopSessionCache } from '@platform/customers';
import { forgetCachedTenants, startTenantCache, stopTenantCache } from '@platform/tenants';
import { CacheListener } from './cache-listener';
import type { GraphQLSchema } from 'graphql';
import { RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable';
import { formatClientError, isUnexpectedError } from './error-formatting';
import { HttpConnections } from './http-connections';
import { createHttpHandler } from './http-handler';
import { operationForLog } from './logger';
import { reportGatewayLoad } from './metrics/gateway-gauges';
import { graphqlMetricsPlugin } from './metrics/graphql-metrics';
import { costLimitPlugin } from './query-cost';
import { DEFAULT_QUERY_LIMITS, queryLimitRules, type QueryLimits } from './query-limits';
import { allMigrationNames } from './modules';
import type { GatewayDeps } from './request-context';
import { DEFAULT_WEBSOCKET_LIMITS, attachWebSocketServer, type WebSocketLimits } from './websocket';
import { SessionSockets } from './websocket-sessions';
import { refuseSubscriptionsOverHttp } from './subscriptions-over-http';

export interface GatewayOptions {
  /** What every request shares; the gateway adds its event hub and the signal it aborts as it stops. */
  readonly deps: Omit<GatewayDeps, 'events' | 'stopping'>;
  /** A connection string for this instance's LISTEN connection (the app role's). */
  readonly eventsListenUrl: string;
  /** The key event cursors are sealed with for clients (GatewayConfig.eventCursorSecret): the same on every instance. */
  readonly eventCursorSecret: Uint8Array;
  /** DATABASE_SILENCE_LIMIT_MS, for the LISTEN connections too (listening-client.ts in @platform/db). */
  readonly databaseSilenceLimitMs?: number;
  readonly schema: GraphQLSchema;
  readonly modules: readonly ServiceModule[];
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly introspection: boolean;
  readonly graphiql: boolean;
  readonly maxRequestBytes: number;
  /** A request's body of which nothing arrives this long is answered 408 (default REQUEST_BODY_SILENCE_MS, 30 s). */
  readonly requestBodySilenceMs?: number;
  readonly demoTenants: readonly string[];
  /** The processor's hosted payment form (tenant.payments.hostedFieldsUrl): the web pages' CSP lets them frame its origin alone. */
  readonly hostedFieldsUrl?: string;
  readonly queryLimits?: QueryLimits;
  readonly webSocketLimits?: Partial<WebSocketLimits>;
  /** GET /metrics wants this bearer token; null or absent: no /metrics. */
  readonly metricsToken?: string | null;
  /**
   * On close, how long (ms) the instance keeps serving while /readyz says 503,
   * so a load balancer stops sending before the listener closes (default 0).
   */
  readonly shutdownGraceMs?: number;
  /**
   * On close, how long (ms) requests in flight may take before their
   * connections are cut: a payment waiting on the processor, a phone webhook
   * holding a caller, a mutation sent over a WebSocket (default 10 s, Apollo's).
   * A connection whose request has not all arrived is cut sooner, once
   * nothing else runs (HttpConnections).
   */
  readonly requestDrainMs?: number;
}

const DEFAULT_REQUEST_DRAIN_MS = 10_000;

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  readonly url: string;
  readonly port: number;
  /** This instance's event hub (its subscribers, its LISTEN connection). */
  readonly events: EventHub;
  /**
   * Closes every open WebSocket as a restarting instance does (1012, Service
   * Restart); clients reconnect and resume their subscriptions with `after`.
   * Returns how many were open. For drills and tests of that resumption.
   */
  dropWebSockets(): number;
  /**
   * Shuts the instance down gracefully: /readyz answers 503, new
   * WebSockets are refused and requests' `stopping` signal is aborted (a
   * staff autopay run sends nothing more) at once; after `shutdownGraceMs`
   * every WebSocket is closed with 1012 (Service Restart: clients reconnect
   * elsewhere and resume by cursor), the listener stops accepting, requests
   * in flight finish (within `requestDrainMs`; queries and mutations a closed
   * socket sent too) and then connections whose request has not all arrived
   * are cut, the modules' background work settles (a phone payment
   * whose caller was put on hold), and the event hub lets go of its
   * connection.
   */
  close(): Promise<void>;
}

/** HTTP GraphQL, graphql-ws, health checks and GraphiQL on one port. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const events = new EventHub({
    db: options.deps.db,
    listenUrl: options.eventsListenUrl,
    cursorSecret: options.eventCursorSecret,
    log: options.deps.log.child({ component: 'events' }),
    silenceLimitMs: options.databaseSilenceLimitMs,
  });
  const db = options.deps.db;
  const caches = new CacheListener(
    options.eventsListenUrl,
    [
      { channel: 'tenant_changed', resume: () => startTenantCache(db), suspend: () => stopTenantCache(db), changed: () => forgetCachedTenants(db) },
      // Payload "<tenant id>:<session id>" (customers' session_ended trigger).
      { channel: 'session_ended', resume: () => startSessionCache(db), suspend: () => stopSessionCache(db), changed: (payload) => forgetSession(db, payload.split(':')[1] ?? '') },
    ],
    options.deps.log.child({ component: 'caches' }),
    options.databaseSilenceLimitMs,
  );
  await events.start();
  try {
    await caches.start();
    const running = await serve(options, events);
    return {
      ...running,
      close: async () => {
        await running.close();
        await caches.stop();
      },
    };
  } catch (error) {
    // A port in use, say: leave nothing running behind.
    await caches.stop();
    await events.stop();
    throw error;
  }
}

async function serve(options: GatewayOptions, events: EventHub): Promise<RunningGateway> {
  const stopping = new AbortController();
  const deps: GatewayDeps = { ...options.deps, events, stopping: stopping.signal };
  const server = createServer();
  const connections = new HttpConnections(server);
  let draining = false;
  const isDraining = () => draining;
  const queryLimits = options.queryLimits ?? DEFAULT_QUERY_LIMITS;
  const limits = { rules: queryLimitRules(queryLimits, options.introspection), maxTokens: queryLimits.maxTokens, maxCost: queryLimits.maxCost };
  const webSocketLimits = { ...DEFAULT_WEBSOCKET_LIMITS, ...options.webSocketLimits };
  const requestDrainMs = options.requestDrainMs ?? DEFAULT_REQUEST_DRAIN_MS;
  const sessions = new SessionSockets({ db: deps.db, clock: deps.clock, log: deps.log, recheckIntervalMs: webSocketLimits.sessionRecheckIntervalMs });
  sessions.start(events);
  const ws = attachWebSocketServer(server, {
    schema: options.schema,
    deps,
    ...limits,
    maxMessageBytes: options.maxRequestBytes,
    limits: webSocketLimits,
    hideSchemaDetails: !options.introspection,
    sessions,
    draining: isDraining,
  });
  const apollo = new ApolloServer<RequestContext>({
    schema: options.schema,
    introspection: options.introspection,
    // Without introspection, don't leak the schema through "Did you mean ...?" hints either.
    hideSchemaDetailsFromClientErrors: !options.introspection,
    validationRules: limits.rules,
    parseOptions: { maxTokens: limits.maxTokens },
    includeStacktraceInErrorResponses: false,
    formatError: formatClientError,
    // The process owns shutdown (main.ts). Apollo's own signal handler would race it, and Apollo 5
    // never wakes a stop() called while another is under way, so ours would wait forever.
    stopOnTerminationSignals: false,
    plugins: [
      // No type or field has a cache hint, so every answer is `no-store` (the HTTP handler says so):
      // Apollo's default cache-control plugin would come to the same by wrapping every resolver.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: requestDrainMs }),
      graphqlMetricsPlugin(),
      refuseSubscriptionsOverHttp(),
      costLimitPlugin(limits.maxCost),
      // Beside the HTTP drain, within the same bound: queries and mutations sent over a socket finish too. Then, with
      // nothing left running, connections still waiting on their clients (a request part-way sent) are cut, so the
      // drain does not wait for them to its bound.
      {
        serverWillStart: async () => ({
          drainServer: async () => {
            await ws.close(requestDrainMs);
            const cut = await connections.cutOnceNothingRuns();
            if (cut > 0) deps.log.info({ connections: cut }, 'closed connections waiting on their clients');
          },
        }),
      },
      {
        requestDidStart: async () => ({
          didEncounterErrors: async ({ errors, contextValue, source, operationName, response }) => {
            const operation = operationForLog(source, operationName);
            if (errors.some((error) => isDatabaseUnavailable(error))) {
              // The request was fine and will work in a moment: say when, rather than fail it.
              response.http.status = 503;
              response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
              contextValue.log.warn(operation, 'database unavailable');
            }
            for (const error of errors) {
              if (isUnexpectedError(error)) contextValue.log.error({ err: error.originalError ?? error, path: error.path, ...operation }, 'resolver error');
            }
          },
        }),
      },
    ],
  });
  await apollo.start();
  const handle = createHttpHandler({
    apollo,
    deps,
    migrationNames: allMigrationNames(options.modules),
    graphiql: options.graphiql,
    demoTenants: options.demoTenants,
    maxRequestBytes: options.maxRequestBytes,
    requestBodySilenceMs: options.requestBodySilenceMs,
    hostedFieldsOrigin: options.hostedFieldsUrl ? new URL(options.hostedFieldsUrl).origin : null,
    metricsToken: options.metricsToken ?? null,
    draining: isDraining,
    httpRoutes: options.modules.flatMap((module) => module.httpRoutes ?? []),
  });
  // The handler answers its own failures; one that still escapes it (a bug) must end this request, not the process.
  server.on('request', (req, res) => {
    handle(req, res).catch((error: unknown) => {
      deps.log.error({ err: error }, 'request handler failed');
      res.destroy();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
  } catch (error) {
    await apollo.stop();
    await sessions.stop();
    throw error;
  }
  const stopReporting = reportGatewayLoad({ db: deps.db, webSockets: ws.openCount, subscriptions: () => events.followerCount });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    events,
    dropWebSockets: () => ws.closeAll(),
    close: async () => {
      draining = true;
      // At once, not after the grace period: a staff autopay run stops claiming and takes the whole drain to record its answers.
      stopping.abort();
      if (options.shutdownGraceMs) await new Promise((resolve) => setTimeout(resolve, options.shutdownGraceMs));
      ws.closeAll();
      stopReporting();
      // Apollo's drain plugin: the listener stops accepting, idle connections close, requests in flight finish.
      await apollo.stop();
      // Settled, not all: one module's failure must not keep the rest of the stop from running.
      const settled = await Promise.allSettled(options.modules.flatMap((module) => (module.settleBackgroundWork ? [module.settleBackgroundWork()] : [])));
      for (const outcome of settled) if (outcome.status === 'rejected') options.deps.log.error({ err: outcome.reason }, 'background work failed as the gateway stopped');
      await sessions.stop();
      await events.stop();
    },
  };
}
