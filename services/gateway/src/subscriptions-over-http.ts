import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';

/**
 * Refuses a subscription POSTed to /graphql. Apollo would run it once with
 * execute(), which calls the field's per-event resolver with no event: the
 * client got INTERNAL_SERVER_ERROR for its own mistake and the log a stack, for
 * anyone who sent one. Subscriptions are served over graphql-ws only (a GET of
 * one Apollo already refuses).
 */
export function refuseSubscriptionsOverHttp(): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return;
        throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at /graphql, not over HTTP.', {
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        });
      },
    }),
  };
}
