import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * For tests of what the platform does with a processor that mixes its
 * records up: a server that answers every call 200 with the same body,
 * whatever was asked.
 */
export async function startMixedUpProcessor(body: object): Promise<{ readonly url: string; readonly close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
