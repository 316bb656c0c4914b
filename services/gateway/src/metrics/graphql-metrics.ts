import type { ApolloServerPlugin } from '@apollo/server';
import { platformMetrics, type RequestContext } from '@platform/api';
import { ErrorCode } from '@platform/core';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { activeSpan } from '../tracing';

/**
 * "mutation makePayment": the operation's type and first root field. Not the
 * client's operation name, which anyone can make up (a series per made-up
 * name); root fields are the schema's, so the label stays bounded.
 */
function operationLabel(operation: OperationDefinitionNode): string {
  const field = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
  return `${operation.operation} ${field?.kind === Kind.FIELD ? field.name.value : '(fragments)'}`;
}

/** Counts and times every GraphQL operation over HTTP by operation and outcome ("ok", or the first error's code). */
export function graphqlMetricsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      // Until the operation is known to the schema: a request that does not parse or validate.
      let operation = 'invalid';
      return {
        async didResolveOperation({ operation: resolved }) {
          if (resolved) operation = operationLabel(resolved);
          // The request's span (when tracing) is named by its operation too.
          activeSpan()?.updateName(operation);
          activeSpan()?.setAttributes({ 'graphql.operation.type': resolved?.operation ?? 'invalid', 'graphql.operation.name': operation });
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = errors?.[0]?.extensions?.code;
          platformMetrics.graphqlOperations.inc({ operation, outcome: typeof code === 'string' ? code : errors?.length ? 'error' : 'ok' });
          platformMetrics.graphqlDuration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          if (errors?.some((error) => error.extensions?.code === ErrorCode.RATE_LIMITED)) platformMetrics.rateLimitRefusals.inc({ operation });
        },
      };
    },
  };
}
