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

// SQLSTATEs that mean "no database to talk to", not "this statement failed": a connection that could not be made or
// was lost (08000, 08001, 08003, 08004, 08006, 08007), the server shutting down or starting, too many connections.
// Not all of class 08: 08P01 (protocol violation) is a statement the server refused on a live connection (one with
// more than 65,535 bind parameters, say); sent again, it is refused again, so a 503 "try again" would never end.
const UNAVAILABLE_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '08007', '57P01', '57P02', '57P03', '53300']);
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
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NETWORK_CODES.has(code))) return true;
  if (UNAVAILABLE_MESSAGES.test(error.message)) return true;
  const inner = [error instanceof GraphQLError ? error.originalError : undefined, (error as { driverError?: unknown }).driverError, error.cause];
  return inner.some((wrapped) => wrapped !== undefined && wrapped !== error && isDatabaseUnavailable(wrapped, depth + 1));
}
