import type { ApolloServerPlugin } from '@apollo/server';
import { platformMetrics, type RequestContext } from '@platform/api';
import { ErrorCode } from '@platform/core';
import { Kind, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import { activeSpan } from '../tracing';

/** How an operation reached the gateway: a POST or GET, or a message on a graphql-ws socket. */
export type Transport = 'http' | 'websocket';

/**
 * "mutation makePayment": the operation's type and first root field. Not the
 * client's operation name, which anyone can make up (a series per made-up
 * name); root fields are the schema's, so the label stays bounded. "invalid"
 * for a document that does not parse or validate (no operation to name).
 */
export function operationLabel(operation: OperationDefinitionNode | null | undefined): string {
  if (!operation) return 'invalid';
  const field = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
  return `${operation.operation} ${field?.kind === Kind.FIELD ? field.name.value : '(fragments)'}`;
}

/** What a span of a GraphQL operation says about it (the span is named by operationLabel too). */
export function operationAttributes(operation: OperationDefinitionNode | null | undefined, transport: Transport): Record<string, string> {
  return { 'graphql.operation.type': operation?.operation ?? 'invalid', 'graphql.operation.name': operationLabel(operation), 'network.protocol.name': transport };
}

/**
 * Counts and times one answered operation: its outcome is "ok", or the first
 * error's code (as the client reads it). A subscription is counted once, when
 * it starts, and timed to its start.
 */
export function recordOperation(operation: string, transport: Transport, errors: readonly GraphQLFormattedError[] | undefined, started: bigint): void {
  const code = errors?.[0]?.extensions?.code;
  platformMetrics.graphqlOperations.inc({ operation, transport, outcome: typeof code === 'string' ? code : errors?.length ? 'error' : 'ok' });
  platformMetrics.graphqlDuration.observe({ operation, transport }, Number(process.hrtime.bigint() - started) / 1e9);
  if (errors?.some((error) => error.extensions?.code === ErrorCode.RATE_LIMITED)) platformMetrics.rateLimitRefusals.inc({ operation });
}

/** Counts and times every GraphQL operation over HTTP (websocket.ts does the same for its operations). */
export function graphqlMetricsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      // Until the operation is known to the schema: a request that does not parse or validate.
      let operation = operationLabel(null);
      return {
        async didResolveOperation({ operation: resolved }) {
          operation = operationLabel(resolved);
          // The request's span (when tracing) is named by its operation too.
          activeSpan()?.updateName(operation);
          activeSpan()?.setAttributes(operationAttributes(resolved, 'http'));
        },
        async willSendResponse({ response }) {
          recordOperation(operation, 'http', response.body.kind === 'single' ? response.body.singleResult.errors : undefined, started);
        },
      };
    },
  };
}
