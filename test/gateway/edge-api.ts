import { connect } from 'node:net';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';

/* Attacks, raw sockets and small helpers shared by the gateway tests. */

/**
 * A 1.2 KB anonymous query that names a billion paths: `levels` fragments on
 * the tenant, each spreading the next one ten times, the last selecting a
 * few fields. Refusing it must not mean walking those paths.
 */
export function fragmentBomb(levels: number): string {
  const fragments = Array.from({ length: levels }, (_, i) => {
    const body = i + 1 < levels ? Array.from({ length: 10 }, () => `...Level${i + 2}`).join(' ') : 'name slug timezone paymentRules { maxPaymentAmount { amount formatted } }';
    return `fragment Level${i + 1} on Tenant { ${body} }`;
  });
  return `query Bomb { tenant { ...Level1 } }\n${fragments.join('\n')}`;
}

/** A graphql-ws WebSocket with nothing sent yet, for tests that speak the protocol by hand. */
export function rawSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
  });
}

/** Runs one operation on a graphql-ws client; resolves its last result, rejects with its errors. */
export function once(client: Client, query: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let result: unknown;
    client.subscribe({ query }, { next: (value) => (result = value), error: reject, complete: () => resolve(result) });
  });
}

/** `attempt` again every 50 ms until it resolves to something (not null), or fails after `tries`. */
export async function retryUntil<T>(attempt: () => Promise<T | null | undefined>, tries = 60): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await attempt();
    if (value !== null && value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing after ${tries} tries`);
}

/**
 * Writes `request` as it is over a plain TCP connection to `url`'s host and
 * port (a request target or a framing fetch() would not send), and resolves
 * what came back until the server closed the connection or `waitMs` passed;
 * then closes it from this side, as a client that gives up would.
 */
export function rawHttp(url: string, request: string, waitMs = 2000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}
