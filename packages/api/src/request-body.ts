import type { IncomingMessage } from 'node:http';

/** How long a request's body may stop arriving before it is given up on (RequestBodyStalled), by default. */
export const REQUEST_BODY_SILENCE_MS = 30_000;

/**
 * A body that stopped arriving part-way: a phone that lost its signal mid-upload, or a client that opens a request and
 * trickles nothing more. Nothing has run for it; the gateway answers 408 on a connection it then closes.
 */
export class RequestBodyStalled extends Error {
  constructor(readonly silenceMs: number) {
    super(`the request body stopped arriving: nothing for ${silenceMs} ms`);
    this.name = 'RequestBodyStalled';
  }
}

/**
 * A request's body, or null as soon as it is known to be over `limit` bytes:
 * from a Content-Length past it, or once the bytes read pass it. The rest of
 * such a body is left unread, so a huge upload is neither waited for nor
 * read: the caller answers 413 with `connection: close` (Node would otherwise
 * read the rest to keep the connection alive). A body of which nothing
 * arrives for `silenceMs` rejects with RequestBodyStalled: a slow upload is
 * read to its end, a stopped one does not hold its connection for ever.
 */
export function readBodyWithin(req: IncomingMessage, limit: number, silenceMs = REQUEST_BODY_SILENCE_MS): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let deadline: NodeJS.Timeout | undefined;
    const stopReading = () => {
      clearTimeout(deadline);
      req.off('data', onData);
      req.pause();
    };
    const waitForMore = () => {
      clearTimeout(deadline);
      deadline = setTimeout(() => {
        stopReading();
        reject(new RequestBodyStalled(silenceMs));
      }, silenceMs).unref();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return waitForMore();
      }
      stopReading();
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => {
      clearTimeout(deadline);
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    waitForMore();
  });
}
