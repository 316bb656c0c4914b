import { AsyncLocalStorage } from 'node:async_hooks';
import { DomainError, ErrorCode, translate, type Locale } from '@platform/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable, serviceUnavailable } from './database-unavailable';

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

// Apollo calls formatError with the error alone, never the request's context: the HTTP handler runs each operation
// within inRequestLocale, so the messages the gateway words itself come in the request's language.
const requestLocale = new AsyncLocalStorage<Locale>();

/** Runs `operation` (one GraphQL request) with `locale` as the language of the errors formatted while it runs. */
export function inRequestLocale<T>(locale: Locale, operation: () => T): T {
  return requestLocale.run(locale, operation);
}

/**
 * The one place errors become what a client sees: a database outage is
 * SERVICE_UNAVAILABLE; domain errors keep their (already translated) message
 * and code; errors the client caused keep GraphQL's message; anything else
 * is an internal error with no details — never a stack trace or a driver message.
 * The gateway's own messages are in `locale`: by default the request's
 * (inRequestLocale), English outside one.
 */
export function formatClientError(formatted: GraphQLFormattedError, error: unknown, locale: Locale = requestLocale.getStore() ?? 'en'): GraphQLFormattedError {
  const original = originalOf(error);
  const where = { ...(formatted.locations && { locations: formatted.locations }), ...(formatted.path && { path: formatted.path }) };
  if (isDatabaseUnavailable(error)) {
    const unavailable = serviceUnavailable(locale);
    return { message: unavailable.message, ...where, extensions: { code: unavailable.code } };
  }
  if (original instanceof DomainError) {
    return { message: original.message, ...where, extensions: { ...original.details, code: original.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    return { message: formatted.message, ...where, extensions: { code } };
  }
  const requestCode = requestErrorCode(error);
  if (requestCode) return { message: formatted.message, ...where, extensions: { code: requestCode } };
  return { message: unexpectedErrorMessage(locale), ...where, extensions: { code: ErrorCode.INTERNAL } };
}

/**
 * What a client reads of a fault of ours. Not error.internal: its "nothing was changed" is a promise an unexpected
 * fault cannot keep (it may come after a commit, or a processor's charge).
 */
export const unexpectedErrorMessage = (locale: Locale): string => translate(locale, 'error.unexpected');

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
