import type { IncomingMessage, Server } from 'node:http';
import { addressBlock } from '@platform/auth';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';

export interface UpgradeOptions {
  /** The one path that speaks WebSocket. */
  readonly path: string;
  /** Sockets one client address may hold open at once on this instance. */
  readonly maxPerAddress: number;
  readonly clientIp: (request: IncomingMessage) => string;
  /** Told of a socket's protocol errors (an oversized or malformed frame); ws closes such a socket itself (1009, 1002). */
  readonly onSocketError: (error: Error) => void;
  /** True once the instance is shutting down: new sockets get 503 and open elsewhere. */
  readonly draining: () => boolean;
}

/**
 * Hands `server`'s WebSocket upgrades for `path` to `wss`, at most
 * `maxPerAddress` open at once per client address. An address over the limit
 * gets HTTP 429 before any WebSocket exists, so a flood of connections costs
 * a handshake each and holds no memory. The count is per gateway instance.
 */
export function acceptUpgrades(server: Server, wss: WebSocketServer, options: UpgradeOptions): void {
  const open = new Map<string, number>();
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // null for a target the URL parser refuses (`//`, `/\`): `new URL` would throw, and a throw in this listener ends the process.
    const url = URL.parse(request.url ?? '/', 'http://gateway');
    if (url === null) return refuse(socket, '400 Bad Request');
    if (url.pathname !== options.path) return refuse(socket, '404 Not Found');
    if (options.draining()) return refuse(socket, '503 Service Unavailable');
    // An IPv6 client is counted by its /64 network, as the rate limits count it: it may hold every address in it.
    const address = addressBlock(options.clientIp(request));
    const count = open.get(address) ?? 0;
    if (count >= options.maxPerAddress) return refuse(socket, '429 Too Many Requests');
    open.set(address, count + 1);
    // The raw socket closes however the connection ends: a refused handshake, the client leaving, the server closing it.
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
    wss.handleUpgrade(request, socket, head, (ws) => {
      wss.emit('connection', ws, request);
      // graphql-ws writes each socket error to console.error; they are the client's doing, so they go to our log instead.
      ws.removeAllListeners('error');
      ws.on('error', options.onSocketError);
    });
  });
}

function refuse(socket: Duplex, status: string): void {
  // A client that vanishes mid-answer is not an error of ours.
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
