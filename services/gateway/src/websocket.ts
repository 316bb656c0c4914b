import type { Server } from 'node:http';
import type { RequestContext } from '@platform/api';
import { DomainError, ErrorCode } from '@platform/core';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { formatClientError, isUnexpectedError } from './error-formatting';
import { buildRequestContext, clientIpFrom, requestIdFrom, type GatewayDeps, type RequestFacts } from './request-context';

/** What a client sends in graphql-ws `connection_init`. */
export type ConnectionParams = {
  /** The city slug; required for tenant-scoped subscriptions. */
  tenant?: unknown;
  authorization?: unknown;
};

type ConnectionState = { facts?: RequestFacts };

/** Close code for a connection that names a city the platform does not have. */
export const CLOSE_UNKNOWN_TENANT = 4404;
/** Close code for a connection whose credential is not a live session of its city (graphql-ws's "Forbidden"). */
export const CLOSE_UNAUTHENTICATED = 4403;

/**
 * graphql-ws on the gateway's HTTP server, at the same path as HTTP GraphQL.
 * The tenant comes from `connectionParams.tenant` and is checked at connect:
 * an unknown city closes the socket with 4404, a bad credential with 4403,
 * each with a readable reason.
 */
export function attachWebSocketServer(
  server: Server,
  schema: GraphQLSchema,
  deps: GatewayDeps,
  limits: { readonly rules: readonly ValidationRule[]; readonly maxTokens: number },
) {
  const wsServer = new WebSocketServer({ server, path: '/graphql' });
  const disposable = useServer<ConnectionParams, ConnectionState>(
    {
      schema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const facts: RequestFacts = {
          requestId: requestIdFrom(ctx.extra.request.headers['x-request-id']),
          tenantSlug: typeof params.tenant === 'string' ? params.tenant.trim().toLowerCase() : null,
          acceptLanguage: ctx.extra.request.headers['accept-language'],
          authorization: typeof params.authorization === 'string' ? params.authorization : undefined,
          clientIp: clientIpFrom(ctx.extra.request.socket.remoteAddress, ctx.extra.request.headers['x-forwarded-for'], deps.trustProxy),
        };
        try {
          await buildRequestContext(deps, facts);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          const code = error.code === ErrorCode.TENANT_NOT_FOUND ? CLOSE_UNKNOWN_TENANT : CLOSE_UNAUTHENTICATED;
          ctx.extra.socket.close(code, `${error.code}: ${error.message}`.slice(0, 120));
          return false;
        }
        ctx.extra.facts = facts;
        return true;
      },
      // Parse and validate here, with the same limits as HTTP, and build each operation's own context.
      onSubscribe: async (ctx, id, payload) => {
        const facts = ctx.extra.facts;
        if (!facts) throw new Error('graphql-ws operation before connect');
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: limits.maxTokens });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Could not parse the query')];
        }
        const errors = validate(schema, document, [...specifiedRules, ...limits.rules]);
        if (errors.length > 0) return errors;
        let contextValue: RequestContext;
        try {
          const socket = ctx.extra.socket;
          // Lets a subscription end the whole connection (a reader too slow to keep up), saying where to resume.
          const connection = { close: (code: number, reason: string) => socket.close(code, reason.slice(0, 120)) };
          contextValue = await buildRequestContext(deps, { ...facts, requestId: `${facts.requestId}:${id}`, connection });
        } catch (error) {
          // e.g. the session ended or its access token expired since the socket connected.
          if (!(error instanceof DomainError)) throw error;
          return [new GraphQLError(error.message, { extensions: { ...error.details, code: error.code } })];
        }
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors) return;
        for (const error of result.errors) if (isUnexpectedError(error)) deps.log.error({ err: error.originalError ?? error }, 'subscription error');
        return { ...result, errors: result.errors.map((error) => formatClientError(error.toJSON(), error)) };
      },
      onError: (_ctx, _id, _payload, errors) => {
        for (const error of errors) if (isUnexpectedError(error)) deps.log.error({ err: error.originalError ?? error }, 'subscription error');
        return errors.map((error) => formatClientError(error.toJSON(), error));
      },
    },
    wsServer,
  );
  return {
    async close(): Promise<void> {
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
