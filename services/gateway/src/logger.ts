import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino blanks before a line is written. Handlers should not log secrets
 * at all; this catches the ones that slip through as part of a larger object.
 */
export const REDACTED_PATHS = [
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

/** Structured JSON lines; `destination` lets a test capture them. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'gateway' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
