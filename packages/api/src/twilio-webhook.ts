import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateRequest } from 'twilio';
import { readBodyWithin } from './request-body';
import type { HttpRouteContext } from './service-module';

/*
 * What every webhook Twilio calls needs (the phone line's TwiML webhooks,
 * the texts that come in): the form it POSTs, read within the route's
 * limit, and its X-Twilio-Signature checked against the URL Twilio was
 * given, so nobody else can make the platform act on a call or a text.
 */

/**
 * The form a webhook was POSTed, or null when its body outgrows the route's limit (readBodyWithin: answer
 * refuseTooLargeWebhook); a body that stops arriving rejects (RequestBodyStalled, which the gateway answers 408).
 */
export async function readWebhookForm(req: IncomingMessage, route: HttpRouteContext): Promise<Record<string, string> | null> {
  const body = await readWebhookBody(req, route);
  return body === null ? null : Object.fromEntries(new URLSearchParams(body));
}

/** The body a webhook was POSTed, as sent (a provider signing the raw body needs it byte for byte), or null as readWebhookForm. */
export async function readWebhookBody(req: IncomingMessage, route: HttpRouteContext): Promise<string | null> {
  const body = await readBodyWithin(req, route.maxRequestBytes, route.requestBodySilenceMs);
  return body === null ? null : body.toString('utf8');
}

/** 413 to a webhook whose form readWebhookForm found too large, on a connection then closed: the rest is not read. */
export function refuseTooLargeWebhook(res: ServerResponse): void {
  sendWebhookAnswer(res, 413, 'text/plain', 'Request body too large', { connection: 'close' });
}

/**
 * Whether the request carries Twilio's signature made with any of `tokens` over the URL Twilio was given (the
 * configured public URL, or this request's own address) and the form. A URL that cannot be parsed (a Host of
 * nonsense) is not signed.
 */
export function signedByTwilio(
  req: IncomingMessage,
  route: HttpRouteContext,
  publicUrl: string | null,
  tokens: readonly (string | null)[],
  form: Record<string, string>,
  // SignalWire signs its cXML webhooks the same way, with its signing key, in a header of its own.
  header: 'x-twilio-signature' | 'x-signalwire-signature' = 'x-twilio-signature',
): boolean {
  const signature = requestHeader(req, header);
  if (!signature) return false;
  const url = signedUrlOf(req, route, publicUrl);
  return tokens.some((token) => {
    if (token === null) return false;
    try {
      return validateRequest(token, signature, url, form);
    } catch {
      return false;
    }
  });
}

/** The URL the provider signed: the configured public URL, or this request's own address. */
function signedUrlOf(req: IncomingMessage, route: HttpRouteContext, publicUrl: string | null): string {
  const path = req.url ?? '/';
  if (publicUrl) return `${publicUrl.replace(/\/$/, '')}${path}`;
  const forwarded = (name: string) => requestHeader(req, name)?.split(',').at(-1)?.trim();
  const proto = (route.trustProxy && forwarded('x-forwarded-proto')) || 'http';
  const host = (route.trustProxy && forwarded('x-forwarded-host')) || requestHeader(req, 'host') || 'localhost';
  return `${proto}://${host}${path}`;
}

export function requestHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A webhook's answer: never cached, the body as it is. */
export function sendWebhookAnswer(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  res.end(body);
}
