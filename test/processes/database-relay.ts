import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP relay to PostgreSQL that can go silent the ways a cloud database does: nothing is ever closed or refused. */
export interface DatabaseRelay {
  /** `url` (a database URL) with the relay's port: connections through it pass until told otherwise. */
  readonly through: (url: string) => string;
  /** A frozen host or a partition: every byte dropped both ways from now on, and new connections accepted but never answered. */
  freeze(): void;
  /** A failover: the connections open now go silent for good (bytes dropped both ways), while new ones pass. */
  failover(): void;
  /**
   * A primary that crashes as a statement arrives: the first bytes a client sends that match `statement` never reach
   * the database, and that connection is closed at once (the client's statement fails as a lost connection, with no
   * error code). Resolves once it has happened.
   */
  cutWhenSent(statement: RegExp): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  silent: boolean;
  readonly client: net.Socket;
  readonly upstream: net.Socket | null;
}

export async function startDatabaseRelay(databaseUrl: string): Promise<DatabaseRelay> {
  const target = new URL(databaseUrl);
  let frozen = false;
  let cut: { readonly statement: RegExp; readonly done: () => void } | null = null;
  const pairs = new Set<Pair>();
  const server = net.createServer((client) => {
    client.on('error', () => undefined);
    if (frozen) {
      // Accepted, never answered.
      const pair: Pair = { silent: true, client, upstream: null };
      pairs.add(pair);
      client.on('close', () => pairs.delete(pair));
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    const pair: Pair = { silent: false, client, upstream };
    pairs.add(pair);
    // Its server side goes with it, silent or not: a test's process ending leaves no connection on the database.
    client.on('close', () => {
      upstream.destroy();
      pairs.delete(pair);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('data', (chunk: Buffer) => {
      if (cut?.statement.test(chunk.toString('latin1'))) {
        const { done } = cut;
        cut = null;
        client.destroy();
        done();
      } else if (!pair.silent) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => void (!pair.silent && client.write(chunk)));
    client.on('end', () => !pair.silent && upstream.end());
    upstream.on('end', () => !pair.silent && client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const silenceAll = () => {
    for (const pair of pairs) pair.silent = true;
  };
  return {
    through: (url) => {
      const relayed = new URL(url);
      relayed.hostname = '127.0.0.1';
      relayed.port = String(port);
      return relayed.toString();
    },
    freeze: () => {
      frozen = true;
      silenceAll();
    },
    failover: silenceAll,
    cutWhenSent: (statement) => new Promise<void>((resolve) => (cut = { statement, done: resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.upstream?.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
