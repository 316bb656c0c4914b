import type { IncomingMessage, ServerResponse } from 'node:http';
import { TLSSocket } from 'node:tls';
import { lastValue } from './tenant-resolution';

/**
 * HSTS: browsers that once reached the platform over https go there only over https for a year (what scanners and the
 * preload lists ask), the first visit typed without "https://" and every http:// link included. With the subdomains:
 * a city is `<slug>.<platform host>` (README, Web pages), so every name under the platform's host is the platform's,
 * served over https with the same certificate, and the platform's own host then covers every city's at once.
 */
const STRICT_TRANSPORT_SECURITY = `max-age=${365 * 24 * 3600}; includeSubDomains`;

/**
 * Whether the client reached the platform over TLS: this connection is TLS, or, behind a trusted proxy, the proxy says
 * so in X-Forwarded-Proto (its last value: what the proxy added). Without a trusted proxy the header is anyone's.
 */
export function cameOverTls(req: Pick<IncomingMessage, 'socket' | 'headers'>, trustProxy: boolean): boolean {
  return req.socket instanceof TLSSocket || (trustProxy && lastValue(req.headers['x-forwarded-proto'])?.toLowerCase() === 'https');
}

/**
 * What every answer of the gateway says, whatever it is: set before anything is written, so no answer (a page, an API
 * answer, a refusal, a webhook's) goes without. Each says what it is (content-type) and is never to be read as another
 * type (a JSON answer holding text a person typed, as a page or a script). HSTS only over TLS: a browser ignores it over
 * http, and development runs on http.
 */
export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse, trustProxy: boolean): void {
  res.setHeader('x-content-type-options', 'nosniff');
  if (cameOverTls(req, trustProxy)) res.setHeader('strict-transport-security', STRICT_TRANSPORT_SECURITY);
}
