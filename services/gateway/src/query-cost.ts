import type { ApolloServerPlugin } from '@apollo/server';
import { DEFAULT_PAGE_SIZE, clampPageSize } from '@platform/api';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isInterfaceType,
  isObjectType,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * The largest page any list serves (autopay run outcomes; most lists stop at
 * DEFAULT_PAGE_SIZE.max). Each list clamps `first` to its own maximum, which
 * the schema does not carry, so a page size is priced up to this one: never
 * less than the list can answer, and a huge `first` costs no more than a page.
 */
export const LARGEST_PAGE_SIZE = 500;

const SCALAR_COST = 1;
const OBJECT_COST = 2;
const DEPTH_FACTOR = 1.5;

/**
 * What an operation costs, as graphql-armor's cost rule counted (1 per scalar,
 * 2 per object plus 1.5 times its fields' cost, all times its page size; a
 * fragment's fields count as if written where it is spread), but with the
 * page size the list will serve: `first` (or `last`) as a literal,
 * a variable's value or else its default, or else the argument's schema
 * default, clamped as the lists clamp it (at least 1, at most
 * LARGEST_PAGE_SIZE). A fragment is priced once and that price reused at
 * every spread, so a fragment bomb costs time in its size, not its paths.
 * Introspection (`__schema`) is free: it has its own switch, and one is allowed per operation (query-limits.ts).
 *
 * Call after validation (the document's fields exist, fragments do not
 * cycle) with the request's raw variables; variables that do not coerce
 * price their lists at the schema default (execution refuses them anyway).
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, rawVariables: Readonly<Record<string, unknown>> | undefined): number {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 1 });
  const variables = coerced.coerced ?? {};
  const fragments = new Map(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])));
  const fragmentCosts = new Map<string, number>();

  const selectionSetCost = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) cost += fieldCost(selection, parent);
      else if (selection.kind === Kind.INLINE_FRAGMENT) cost += selectionSetCost(selection.selectionSet, typeNamed(selection.typeCondition?.name.value) ?? parent);
      else cost += fragmentCost(fragments.get(selection.name.value));
    }
    return cost;
  };

  const fragmentCost = (fragment: FragmentDefinitionNode | undefined): number => {
    if (!fragment) return 0;
    const known = fragmentCosts.get(fragment.name.value);
    if (known !== undefined) return known;
    fragmentCosts.set(fragment.name.value, 0);
    const cost = selectionSetCost(fragment.selectionSet, typeNamed(fragment.typeCondition.name.value));
    fragmentCosts.set(fragment.name.value, cost);
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType | undefined): number => {
    if (node.name.value === '__schema') return 0;
    if (!node.selectionSet) return SCALAR_COST;
    const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    const children = selectionSetCost(node.selectionSet, field && getNamedType(field.type));
    return (OBJECT_COST + DEPTH_FACTOR * children) * pageSize(node, field);
  };

  const pageSize = (node: FieldNode, field: GraphQLField<unknown, unknown> | undefined): number => {
    const argument = node.arguments?.find(({ name }) => name.value === 'first' || name.value === 'last');
    const definition = field?.args.find(({ name }) => name === (argument?.name.value ?? 'first'));
    if (!argument && !definition) return 1;
    const schemaDefault = typeof definition?.defaultValue === 'number' ? definition.defaultValue : DEFAULT_PAGE_SIZE.default;
    return clampPageSize(argument ? argumentValue(argument) : undefined, { default: schemaDefault, max: LARGEST_PAGE_SIZE });
  };

  const argumentValue = ({ value }: ArgumentNode): number | undefined => {
    if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
    if (value.kind !== Kind.VARIABLE) return undefined;
    const variable = variables[value.name.value];
    return typeof variable === 'number' ? variable : undefined;
  };

  const typeNamed = (name: string | undefined) => (name === undefined ? undefined : schema.getType(name));

  return selectionSetCost(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
}

/**
 * The refusal of an operation over `maxCost`, or null. Worded as armor's
 * validation rules word theirs, with the cost in whole units; a validation
 * failure over both transports (HTTP 400), though it needs the variables.
 */
export function costLimitRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | null | undefined,
  variables: Readonly<Record<string, unknown>> | undefined,
  maxCost: number,
): GraphQLError | null {
  if (!operation) return null;
  const cost = operationCost(schema, document, operation, variables);
  if (cost <= maxCost) return null;
  return new GraphQLError(`Query Cost limit of ${maxCost} exceeded, found ${Math.trunc(cost)}.`, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
  });
}

/** The cost limit over HTTP: once the operation is known, before it runs (websocket.ts checks its operations the same way). */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ schema, document, operation, request }) => {
        const refusal = costLimitRefusal(schema, document, operation ?? getOperationAST(document, request.operationName), request.variables, maxCost);
        if (refusal) throw refusal;
      },
    }),
  };
}
