import { createHash } from 'node:crypto';
import { redactCardNumbers } from '@platform/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { traceFields } from './tracing';

/**
 * Paths pino blanks before a line is written. Handlers should not log secrets
 * at all; this catches the ones that slip through as part of a larger object.
 */
const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'headers.cookie',
  'req.headers.cookie',
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'operatorKey',
  '*.operatorKey',
  'connectionParams',
  '*.connectionParams',
  'variables',
  '*.variables',
];

/**
 * Structured JSON lines; `destination` lets a test capture them. Errors are
 * logged as what and where, never with the values a query carried; and as
 * a last line of defence every line leaves with its card numbers removed.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'gateway' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: loggableError },
    hooks: { streamWrite: redactCardNumbers },
    // The trace a line was written in (traceId, spanId), when tracing is on.
    mixin: traceFields,
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * An error's type, message, code and stack (and its cause's). Not its other
 * properties: TypeORM's `parameters` and PostgreSQL's `detail` hold the
 * values a statement carried, which is to say a request's variables.
 */
function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code } = error as { code?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' && { code }),
    stack: error.stack,
    ...(error.cause !== undefined && { cause: loggableError(error.cause) }),
  };
}

/** How an operation is named in a log line: its name and a hash of its document, never its variables. */
export function operationForLog(query: string | undefined, operationName: string | null | undefined): { operationName: string | null; queryHash: string | null } {
  return { operationName: operationName ?? null, queryHash: query === undefined ? null : createHash('sha256').update(query).digest('hex') };
}
