import { Client } from 'pg';
import { silenceLimitedClient } from './silence-limited-client';

/** How long a LISTEN connection may leave its heartbeat unanswered when its owner gives no DATABASE_SILENCE_LIMIT_MS. */
const DEFAULT_LISTEN_SILENCE_MS = 15_000;

export interface ListeningClientOptions {
  readonly connectionString: string;
  readonly applicationName: string;
  /** DATABASE_SILENCE_LIMIT_MS: how often to ask, and how long an answer may take. */
  readonly silenceMs?: number;
}

/**
 * A client for a LISTEN connection. Idle, such a connection owes no answer, so a database that goes silent without
 * closing it (a failover leaving the old primary's address dropping packets) would leave it open and deaf for good:
 * no notification, and no error to reconnect on, while its owner goes on trusting what it would have heard (a cache
 * of sessions, say). So once connected it asks `SELECT 1` every `silenceMs` and, silence-limited
 * (silence-limited-client.ts), is cut when an answer takes longer than that: its owner hears the 'error' it already
 * reconnects on.
 */
export function listeningClient(options: ListeningClientOptions): Client {
  const silenceMs = options.silenceMs ?? DEFAULT_LISTEN_SILENCE_MS;
  const SilenceLimitedClient = silenceLimitedClient(silenceMs);
  const client = new SilenceLimitedClient({ connectionString: options.connectionString, application_name: options.applicationName, keepAlive: true });
  let heartbeat: NodeJS.Timeout | undefined;
  client.once('connect', () => {
    heartbeat = setInterval(() => void client.query('SELECT 1').catch(() => undefined), silenceMs).unref();
  });
  const stop = () => clearInterval(heartbeat);
  client.once('end', stop);
  client.once('error', stop);
  return client;
}
