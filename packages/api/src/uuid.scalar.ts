import { DomainError, ErrorCode, isUuid } from '@platform/core';
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** Why a UUID argument was refused, in `extensions.reason` (with `code: BAD_USER_INPUT`). */
export const INVALID_ID = 'INVALID_ID';

/**
 * The type of every id a client sends: arguments and input fields alike.
 * Anything but a UUID is refused while the request's variables and literals
 * are coerced, before a resolver or the database sees it, with one error
 * whatever the operation: BAD_USER_INPUT, reason INVALID_ID. The message
 * never repeats the value (it may be a card number typed in the wrong box).
 * It is in English, like GraphQL's own validation messages: a front end's
 * bug, not something a person fixes.
 */
export const UUIDScalar = new GraphQLScalarType<string, string>({
  name: 'UUID',
  description: 'An id, e.g. "3f2b8c1e-6d4a-4f0b-9c7e-2a1d5e8f9b30". Anything else is refused with BAD_USER_INPUT (reason INVALID_ID).',
  serialize: (value) => {
    if (typeof value !== 'string') throw new TypeError('UUID fields serialize strings');
    return value;
  },
  parseValue: parseUUID,
  parseLiteral: (node: ValueNode) => parseUUID(node.kind === Kind.STRING ? node.value : null),
});

function parseUUID(value: unknown): string {
  // Thrown as a DomainError, not a GraphQLError: graphql-js then keeps it as the originalError the formatter shows instead of its own message, which quotes the value.
  if (typeof value !== 'string' || !isUuid(value)) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'Not a valid id: ids are UUIDs.', { reason: INVALID_ID });
  return value.toLowerCase();
}
