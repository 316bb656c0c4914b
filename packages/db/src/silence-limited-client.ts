import type { Socket } from 'node:net';
import { Client, type ClientConfig } from 'pg';

/**
 * A pg Client whose connection is cut when the database says nothing for
 * `silenceMs` while a statement waits on it (or while it connects). A frozen
 * database host, or a partition that drops packets, keeps the socket open:
 * the statement would wait for ever, and with it the request, the pool slot
 * and /readyz. Cut, the statement and everything queued on the connection
 * fail as a lost connection, which the gateway answers 503 (Retry-After), and
 * the pool opens a new connection for the next request.
 *
 * An idle connection, in the pool or in a transaction between statements, is
 * left alone: only one that owes an answer (`readyForQuery` false) is cut.
 * So `silenceMs` bounds one statement's wait for its first byte, lock waits
 * included: it must exceed the longest statement the process runs.
 */
export function silenceLimitedClient(silenceMs: number): typeof Client {
  return class SilenceLimitedClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(config);
      const stream = (this as unknown as { connection: { stream: Socket } }).connection.stream;
      stream.setTimeout(silenceMs);
      stream.on('timeout', () => {
        if (!(this as unknown as { readyForQuery: boolean }).readyForQuery) stream.destroy(silenceError(silenceMs));
      });
    }
  };
}

/**
 * The error a cut connection fails with: ETIMEDOUT, as a socket timeout is, so whoever retries a lost connection
 * retries this one (graphile-worker does, for the queue's statements; without it, a job's outcome lost with a dead
 * connection after a failover ended the worker process).
 */
function silenceError(silenceMs: number): Error {
  return Object.assign(new Error(`the database said nothing for ${silenceMs} ms`), { code: 'ETIMEDOUT' });
}
