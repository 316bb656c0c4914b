import { DomainError, ErrorCode, UserErrorCode, isUnsafeText, translate } from '@platform/core';
import { defaultFieldResolver, getNamedType, isEnumType, isNonNullType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { RequestContext } from './context';

/** The `code` a payload's userError carries for such text. */
export const INVALID_TEXT = UserErrorCode.INVALID_TEXT;

/** The path to the first string in `value` (arguments after coercion) that holds unsafe text, or null. */
export function unsafeTextPath(value: unknown, path: readonly string[] = []): string[] | null {
  if (typeof value === 'string') return isUnsafeText(value) ? [...path] : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unsafeTextPath(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const found = unsafeTextPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * One check at the edge, for every field that takes arguments (queries,
 * mutations, subscriptions, nested fields): a string with a character no
 * person types (isUnsafeText: NUL, a control character, a bidirectional
 * override, an unpaired UTF-16 surrogate) never reaches a resolver. A
 * mutation whose payload has `userErrors` answers with that payload and one
 * userError (code INVALID_TEXT, `field` the path into the arguments, e.g.
 * ["input", "memo"]); anything else gets a top-level BAD_USER_INPUT error.
 * Either way nothing is logged: the client sent it, and it is refused.
 * Wraps the built schema's resolvers in place and returns it. The fields
 * named in `checkedByResolver` are left to their resolvers, which check the
 * same and can say where (a CSV file's line and column).
 */
export function refuseUnsafeTextArguments(schema: GraphQLSchema, checkedByResolver: ReadonlySet<string> = new Set()): GraphQLSchema {
  const subscriptionType = schema.getSubscriptionType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0 || checkedByResolver.has(field.name)) continue;
      if (type === subscriptionType) {
        // A subscription's arguments are checked once, when it starts; its `resolve` runs per event.
        const subscribe = field.subscribe;
        if (!subscribe) continue;
        field.subscribe = (source, args: Record<string, unknown>, context: RequestContext, info) => {
          const path = unsafeTextPath(args);
          if (path) throw badText(path, context);
          return subscribe(source, args, context, info);
        };
        continue;
      }
      const resolve: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
      const answersWithPayload = type === schema.getMutationType() && canCarryRefusal(getNamedType(field.type));
      field.resolve = (source, args: Record<string, unknown>, context: RequestContext, info) => {
        const path = unsafeTextPath(args);
        if (!path) return resolve(source, args, context, info);
        if (answersWithPayload) return { userErrors: [{ field: path, code: INVALID_TEXT, message: translate(context.locale, 'edge.invalidText') }] };
        throw badText(path, context);
      };
    }
  }
  return schema;
}

function badText(path: readonly string[], context: RequestContext): DomainError {
  return new DomainError(ErrorCode.BAD_USER_INPUT, translate(context.locale, 'edge.invalidText'), { reason: INVALID_TEXT, field: path.join('.') });
}

/**
 * True when a refusal can be answered with this payload type: it has
 * `userErrors` whose code enum knows INVALID_TEXT, and every other field may
 * be null. (Otherwise the mutation gets a top-level error.)
 */
function canCarryRefusal(type: unknown): boolean {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  const userErrors = fields.userErrors;
  if (!userErrors) return false;
  const errorType = getNamedType(userErrors.type);
  const code = isObjectType(errorType) ? errorType.getFields().code : undefined;
  const codeType = code && getNamedType(code.type);
  if (!codeType || !isEnumType(codeType) || !codeType.getValue(INVALID_TEXT)) return false;
  return Object.values(fields).every((field) => field === userErrors || !isNonNullType(field.type));
}
