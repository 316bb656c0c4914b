import { Client } from 'pg';
import { settledWithin } from '@platform/core';
import { silenceLimitedClient } from './silence-limited-client';
import { sendPipeline, type BoundStatement } from './statement-pipeline';

/** How long one read may run on a shared connection (the server cancels it, and only it, after that). */
const READ_TIMEOUT_MS = 5_000;
/** The server cancels a read at READ_TIMEOUT_MS and says so: a connection silent a second longer has no one behind it. */
const SilentPeerCutClient = silenceLimitedClient(READ_TIMEOUT_MS + 1_000);
/** How long closing waits for reads still on a connection before it cuts the socket. */
const CLOSE_WAIT_MS = 2_000;

async function endWithin(client: Client): Promise<void> {
  const ended = await settledWithin(
    client.end().then(() => true),
    CLOSE_WAIT_MS,
  );
  if (ended === null) (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
}

/**
 * A few connections that many requests' read-only round trips share, in the
 * driver's pipeline mode: each round trip is written as soon as it is asked
 * for, behind those already on the wire, and the answers come back in order.
 * The backend goes from one to the next without sleeping between them, and
 * each side reads and writes many round trips per wake-up: with 32 clients
 * on this 2-core machine kind, a small query ran 2.5x as often per second as
 * through a pool of 10, at half the client's CPU per query.
 *
 * For reads only: round trips on one connection run one after another, so a
 * commit that waits for its flush would hold up every request behind it
 * (writes keep a pooled connection each, and commit together). Each round
 * trip is still its own transaction, closed by its own Sync; one that fails
 * skips to its Sync and leaves the others alone.
 *
 * A connection that fails (the server restarted, the backend terminated)
 * fails the round trips on it and is replaced at the next one.
 */
export class SharedReadConnections {
  private readonly clients: (Promise<Client> | null)[];
  private next = 0;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly applicationName: string,
    size: number,
  ) {
    this.clients = Array.from({ length: size }, () => null);
  }

  /** Runs `statements` as one transaction in one round trip (see sendPipeline) on one of the shared connections. */
  async send(statements: readonly BoundStatement[]): Promise<unknown[][]> {
    if (this.closed) throw new Error('the shared read connections are closed');
    const slot = this.next;
    this.next = (this.next + 1) % this.clients.length;
    const client = await (this.clients[slot] ??= this.connect(slot));
    return sendPipeline(client, statements);
  }

  /** Ends the connections; reads still on them are given CLOSE_WAIT_MS to finish, then their sockets are cut. */
  async close(): Promise<void> {
    this.closed = true;
    const open = this.clients.splice(0);
    await Promise.all(open.flatMap((client) => (client ? [client.then(endWithin).catch(() => undefined)] : [])));
  }

  private connect(slot: number): Promise<Client> {
    // Reads queue behind each other here: none may hold the others up for long, and a dead peer is found out.
    const client = new SilentPeerCutClient({
      connectionString: this.url,
      application_name: this.applicationName,
      pipeline: true,
      statement_timeout: READ_TIMEOUT_MS,
      connectionTimeoutMillis: READ_TIMEOUT_MS,
      keepAlive: true,
    });
    const forget = () => {
      if (this.clients[slot] === connecting) this.clients[slot] = null;
    };
    // The driver fails every round trip on a broken connection; the next one gets a new connection.
    client.on('error', () => {
      forget();
      client.end().catch(() => undefined);
    });
    client.on('end', forget);
    const connecting = client.connect().then(
      () => client,
      (error: unknown) => {
        forget();
        throw error;
      },
    );
    return connecting;
  }
}
