import { randomUUID } from 'node:crypto';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';

/*
 * Walks the gateway's schema so a test covers every argument of every
 * operation (and every field of their input objects) without listing them:
 * a field added tomorrow is covered tomorrow.
 */

export type OperationKind = 'query' | 'mutation' | 'subscription';

/** One value a client can send: an argument, or a field inside an argument's input object (lists contribute their item). */
export interface ArgumentLeaf {
  readonly operation: OperationKind;
  readonly field: string;
  /** From the argument down, e.g. ["input", "allocations", "0", "memo"]. */
  readonly path: readonly string[];
  /** The leaf's named type: a scalar or an enum. */
  readonly typeName: string;
}

/** Every root field of the schema, with what kind of operation reaches it. */
export function rootFields(schema: GraphQLSchema): { operation: OperationKind; field: GraphQLField<unknown, unknown> }[] {
  const roots: [OperationKind, ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([operation, type]) => (type ? Object.values(type.getFields()).map((field) => ({ operation, field })) : []));
}

/** Every leaf a client can put a value in, across every operation. */
export function argumentLeaves(schema: GraphQLSchema): ArgumentLeaf[] {
  return rootFields(schema).flatMap(({ operation, field }) => field.args.flatMap((arg) => leavesOf(arg.type, [arg.name], new Set()).map((leaf) => ({ operation, field: field.name, ...leaf }))));
}

function leavesOf(type: GraphQLInputType, path: string[], seen: Set<string>): { path: string[]; typeName: string }[] {
  if (isNonNullType(type)) return leavesOf(type.ofType, path, seen);
  if (isListType(type)) return leavesOf(type.ofType, [...path, '0'], seen);
  if (isInputObjectType(type)) {
    if (seen.has(type.name)) return [];
    const inner = new Set([...seen, type.name]);
    return Object.values(type.getFields()).flatMap((field) => leavesOf(field.type, [...path, field.name], inner));
  }
  return [{ path, typeName: type.name }];
}

/**
 * An operation for one root field, its arguments passed as variables, and a
 * selection that is valid whatever it returns: `__typename`, plus the
 * payload's userErrors when it has them.
 */
export function documentFor(operation: OperationKind, field: GraphQLField<unknown, unknown>): string {
  const variables = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : hasUserErrors(field) ? ' { __typename userErrors { field code message } }' : ' { __typename }';
  return `${operation} Walk${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

/** True for a payload with `userErrors` (a mutation's, by the platform's convention). */
export function hasUserErrors(field: GraphQLField<unknown, unknown>): boolean {
  const named = getNamedType(field.type);
  return isObjectType(named) && 'userErrors' in named.getFields();
}

/**
 * Variables for `field` with every required value filled in plausibly, and
 * `value` at `path` (creating the objects and lists on the way).
 */
export function variablesWith(field: GraphQLField<unknown, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const arg of field.args) if (isNonNullType(arg.type)) variables[arg.name] = sample(arg.type);
  const [name, ...rest] = path;
  const arg = field.args.find((candidate) => candidate.name === name) as GraphQLArgument;
  variables[name!] = place(arg.type, variables[name!], rest, value);
  return variables;
}

function place(type: GraphQLInputType, current: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const inner = isNonNullType(type) ? type.ofType : type;
  const [step, ...rest] = path;
  if (isListType(inner)) {
    const list = Array.isArray(current) ? [...(current as unknown[])] : [];
    list[0] = place(inner.ofType, list[0] ?? sample(inner.ofType), rest, value);
    return list;
  }
  if (isInputObjectType(inner)) {
    const object = { ...((current as Record<string, unknown> | undefined) ?? (sample(inner) as Record<string, unknown>)) };
    const field = inner.getFields()[step!]!;
    object[step!] = place(field.type, object[step!], rest, value);
    return object;
  }
  return value;
}

/** Variables for every argument of `field`, each filled with a plausible value; with `optional`, optional arguments and input fields too. */
export function sampleVariables(field: GraphQLField<unknown, unknown>, options: { readonly optional: boolean }): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const arg of field.args) if (options.optional || isNonNullType(arg.type)) variables[arg.name] = sample(arg.type, options.optional);
  return variables;
}

/** A value of `type` that passes GraphQL's coercion (required fields only for input objects, unless `optional`). */
function sample(type: GraphQLInputType, optional = false): unknown {
  if (isNonNullType(type)) return sample(type.ofType, optional);
  if (isListType(type)) return [sample(type.ofType, optional)];
  if (isInputObjectType(type)) {
    const object: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (optional || (isNonNullType(field.type) && field.defaultValue === undefined)) object[field.name] = sample(field.type, optional);
    }
    return object;
  }
  if (isEnumType(type)) return type.getValues()[0]!.name;
  return SCALAR_SAMPLES[type.name] ?? 'sample';
}

const SCALAR_SAMPLES: Record<string, unknown> = {
  Int: 1,
  Float: 1,
  Boolean: false,
  ID: 'sample-id',
  UUID: randomUUID(),
  DateTimeISO: '2026-01-15T12:00:00Z',
  LocalDate: '2026-01-15',
};

/** The schema a running gateway serves, read by introspection. */
export async function servedSchema(client: { data<T>(query: string): Promise<T> }): Promise<GraphQLSchema> {
  return buildClientSchema(await client.data<IntrospectionQuery>(getIntrospectionQuery()));
}
