import 'reflect-metadata';
import { MoneyResolver, authChecker, freshLoadersForEachChange, refuseUnsafeTextArguments, type ServiceModule } from '@platform/api';
import { createPubSub } from '@graphql-yoga/subscription';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';

/** One schema from every service's resolvers, guarded by the platform's auth checker; no argument holds text PostgreSQL cannot store; each mutation and each subscription event reads anew. */
export async function buildGatewaySchema(modules: readonly ServiceModule[]): Promise<GraphQLSchema> {
  const instances: object[] = [new MoneyResolver(), ...modules.flatMap((m) => m.resolvers)];
  const byClass = new Map<unknown, object>(instances.map((instance) => [instance.constructor, instance]));
  const schema = await buildSchema({
    resolvers: instances.map((instance) => instance.constructor) as unknown as NonEmptyArray<() => unknown>,
    // type-graphql asks for each resolver class; it gets the instance its service built.
    container: { get: (resolverClass: unknown) => byClass.get(resolverClass) },
    authChecker,
    // Required by type-graphql for any subscription; ours read the event feed in the context instead of topics.
    pubSub: createPubSub(),
    authMode: 'error',
    validate: false,
    emitSchemaFile: false,
  });
  return freshLoadersForEachChange(refuseUnsafeTextArguments(schema, CHECKED_BY_RESOLVER));
}

/** Refused text in a bill file is reported per row, at its line and column (bill-rows.ts), not as the whole file's. */
const CHECKED_BY_RESOLVER: ReadonlySet<string> = new Set(['importBillsCsv']);

/** The SDL committed as schema/schema.graphql: sorted, so it only changes when the schema does. */
export function printGatewaySchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
