import WebSocket from 'ws';

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
