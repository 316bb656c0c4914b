import net from 'node:net';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { killLeftoverProcesses, startGatewayProcess } from './platform-process';

/*
 * SIGTERM to a gateway while a client is part-way through sending a request and has stopped sending (a phone that
 * lost its signal mid-upload, or anyone who opens a connection and trickles nothing more: one socket is enough).
 * Nothing of the platform runs for it: its request has not arrived, and its client sends it again elsewhere. Once the
 * requests that are running have finished, the gateway cuts it and exits 0. It used to wait for that body for the
 * whole SHUTDOWN_TIMEOUT_MS and exit 1 ("shutdown timed out"), so every rolling deploy took the full bound and read as
 * a failed stop.
 */

const TIMEOUT_MS = 12_000;
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ seed: false });
}, 120_000);
afterAll(async () => {
  await killLeftoverProcesses();
  await platform?.close();
});

/** A connection to `url`'s port that has sent `head` and nothing more. */
async function stalledAfter(url: string, head: string): Promise<net.Socket> {
  const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(head);
  return socket;
}

it('clients stalled mid-body and mid-headers do not hold a SIGTERMed gateway to its shutdown bound: it exits 0 well before', async () => {
  const gateway = await startGatewayProcess(platform, { JOBS_ENABLED: 'false', PROCESSOR_TIMEOUT_MS: '1000', SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS), LOG_LEVEL: 'info' });
  const sockets = await Promise.all([
    // Headers and the start of a 200-byte body; then nothing more.
    stalledAfter(gateway.url!, 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Tenant: norwalk\r\nContent-Length: 200\r\n\r\n{"query":"{ tenant'),
    // Half a request line's headers.
    stalledAfter(gateway.url!, 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty'),
  ]);
  await new Promise((resolve) => setTimeout(resolve, 500));

  const started = Date.now();
  gateway.child.kill('SIGTERM');
  const exited = await gateway.exited;
  const tookMs = Date.now() - started;
  for (const socket of sockets) socket.destroy();
  expect({ exited, tookTheWholeBound: tookMs >= TIMEOUT_MS - 1000, timedOut: /shutdown timed out/.test(gateway.output()) }).toEqual({
    exited: { code: 0, signal: null },
    tookTheWholeBound: false,
    timedOut: false,
  });
}, 60_000);
