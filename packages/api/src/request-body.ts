import type { IncomingMessage } from 'node:http';

/**
 * A request's body, or null as soon as it is known to be over `limit` bytes:
 * from a Content-Length past it, or once the bytes read pass it. The rest of
 * such a body is left unread, so a huge upload is neither waited for nor
 * read: the caller answers 413 with `connection: close` (Node would otherwise
 * read the rest to keep the connection alive).
 */
export function readBodyWithin(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
