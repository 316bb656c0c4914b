import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { RequestContext } from './context';

/**
 * The request's loaders emptied before each mutation of a document and each
 * event of a subscription, so what it answers (an account's status history,
 * a payment's history) is read anew: a document's mutations run one after
 * another, each changing what the one before loaded, and a subscription
 * keeps one context for every event it sends.
 */
export function freshLoadersForEachChange(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getMutationType(), schema.getSubscriptionType()]) emptyLoadersBeforeEachField(type);
  return schema;
}

function emptyLoadersBeforeEachField(type: GraphQLObjectType | null | undefined): void {
  for (const field of Object.values(type?.getFields() ?? {})) {
    // A subscription field's `resolve` runs once per event (its `subscribe` once, when it starts).
    const resolve: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context: RequestContext, info) => {
      context.loaders.clear();
      return resolve(source, args, context, info);
    };
  }
}
