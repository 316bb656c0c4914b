import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The HTTP connections of a gateway's server, told apart by what they wait on. A request that has all arrived and is
 * not answered yet is running: the gateway owes it an answer. Every other connection waits on its client: between
 * requests, or part-way through a request's headers or body (a phone that lost its signal mid-upload, or anyone who
 * opens a connection and trickles nothing more). As the gateway stops, once nothing runs, those are cut: a request
 * that never arrived ran nothing and its client sends it again elsewhere, while waiting for it would hold the stop to
 * its bound and end it as a failure. WebSocket connections are not these (the WebSocket server closes its own).
 */
export class HttpConnections {
  private readonly sockets = new Set<Socket>();
  private readonly answering = new Map<ServerResponse, IncomingMessage>();
  private cutting = false;
  private nothingRuns: (() => void) | null = null;

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      // Once cut, a connection that still comes in (the listener closes a moment later) is one more nobody will answer.
      if (this.cutting) return void socket.destroy();
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('upgrade', (_req: IncomingMessage, socket: Socket) => this.sockets.delete(socket));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.answering.set(res, req);
      res.once('close', () => {
        this.answering.delete(res);
        this.nothingRuns?.();
      });
    });
  }

  /**
   * Once no request runs (at once, if none does), destroys every connection and any that comes in later; resolves
   * with how many were cut. In the same turn as the check, so no request can have all arrived in between.
   */
  cutOnceNothingRuns(): Promise<number> {
    return new Promise((resolve) => {
      this.nothingRuns = () => {
        if ([...this.answering.values()].some((req) => req.complete)) return;
        this.nothingRuns = null;
        this.cutting = true;
        const cut = this.sockets.size;
        for (const socket of this.sockets) socket.destroy();
        resolve(cut);
      };
      this.nothingRuns();
    });
  }
}
