import { DomainError, ErrorCode } from '@platform/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { SERVICE_UNAVAILABLE, isDatabaseUnavailable } from './database-unavailable';

/** Codes Apollo gives to errors the client caused; their messages are safe to show. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * The one place errors become what a client sees: a database outage is
 * SERVICE_UNAVAILABLE; domain errors keep their (already translated) message
 * and code; errors the client caused keep GraphQL's message; anything else
 * is an internal error with no details — never a stack trace or a driver message.
 */
export function formatClientError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = originalOf(error);
  const where = { ...(formatted.locations && { locations: formatted.locations }), ...(formatted.path && { path: formatted.path }) };
  if (isDatabaseUnavailable(error)) return { message: SERVICE_UNAVAILABLE.message, ...where, extensions: { code: SERVICE_UNAVAILABLE.code } };
  if (original instanceof DomainError) {
    return { message: original.message, ...where, extensions: { ...original.details, code: original.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    return { message: formatted.message, ...where, extensions: { code } };
  }
  const requestCode = requestErrorCode(error);
  if (requestCode) return { message: formatted.message, ...where, extensions: { code: requestCode } };
  return { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL } };
}

/** True for errors an unexpected fault caused, the ones worth an error log line (a database outage is a warning, logged once per request). */
export function isUnexpectedError(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return false;
  const original = originalOf(error);
  if (original instanceof DomainError) return original.code === ErrorCode.INTERNAL;
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string' && CLIENT_ERROR_CODES.has(error.extensions.code)) return false;
  return requestErrorCode(error) === null;
}

/**
 * graphql-js's own errors about the request, raised before any resolver ran
 * (over WebSocket nobody has labelled them, as Apollo does over HTTP). None
 * has a path: syntax and validation errors have no cause either, a
 * variable's value has the coercion failure (itself a GraphQLError) as its
 * cause. An error raised while executing a field (a null in a non-null field)
 * has a path and is a bug of ours; so is a plain error with no path, which is
 * what graphql-ws makes of a throw in a subscription's event stream.
 */
function requestErrorCode(error: unknown): 'GRAPHQL_VALIDATION_FAILED' | 'BAD_USER_INPUT' | null {
  if (!(error instanceof GraphQLError) || error.path !== undefined || error.extensions.code !== undefined) return null;
  if (error.originalError === undefined) return 'GRAPHQL_VALIDATION_FAILED';
  return error.originalError instanceof GraphQLError ? 'BAD_USER_INPUT' : null;
}

/**
 * What a resolver, a subscription's event stream or a scalar's parser threw,
 * under graphql's wrappers: one for a resolver (which has a path), two for a
 * variable's value (graphql-js wraps the coercion error, Apollo that again).
 */
function originalOf(error: unknown): unknown {
  let original = error;
  while (original instanceof GraphQLError && original.originalError) original = original.originalError;
  return original;
}
