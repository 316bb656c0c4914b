import { translate, type Locale } from '@platform/core';
import { GraphQLError } from 'graphql';

/** How long a client is asked to wait (Retry-After) when the database is away: a restart or a fail-over takes seconds. */
export const RETRY_AFTER_SECONDS = 5;

/** What a client sees for it, over HTTP (status 503) and WebSocket alike: the code, and a message in the client's language. */
export function serviceUnavailable(locale: Locale): { readonly code: 'SERVICE_UNAVAILABLE'; readonly message: string } {
  return { code: 'SERVICE_UNAVAILABLE', message: translate(locale, 'error.serviceUnavailable') };
}

/** WebSocket close code "Try Again Later" (RFC 6455 registry). */
export const CLOSE_TRY_AGAIN_LATER = 1013;

// SQLSTATE classes and codes that mean "no database to talk to", not "this statement failed":
// connection exceptions, the server shutting down or starting, too many connections.
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres says these in words only (a dropped connection, a pool that could not connect in time).
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not open/i;

/**
 * True when `error` (or what it wraps: GraphQL's originalError, TypeORM's
 * driverError, a cause) says the database cannot be reached right now. Such
 * a request is answered 503 with Retry-After, not 500: nothing is wrong with
 * it, and the same request will work in a moment.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || UNAVAILABLE_NETWORK_CODES.has(code))) return true;
  if (UNAVAILABLE_MESSAGES.test(error.message)) return true;
  const inner = [error instanceof GraphQLError ? error.originalError : undefined, (error as { driverError?: unknown }).driverError, error.cause];
  return inner.some((wrapped) => wrapped !== undefined && wrapped !== error && isDatabaseUnavailable(wrapped, depth + 1));
}
