import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { RequestContext } from './context';

/**
 * A document may hold several mutations, run one after another. Each starts
 * with the request's loaders emptied, so what it answers (an account's
 * status history, its balance) is read after the mutations before it changed
 * things, not served from what an earlier field of the document loaded.
 */
export function freshLoadersForEachMutation(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context: RequestContext, info) => {
      context.loaders.clear();
      return resolve(source, args, context, info);
    };
  }
  return schema;
}
