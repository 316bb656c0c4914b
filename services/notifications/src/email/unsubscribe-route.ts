import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRoute, HttpRouteContext } from '@platform/api';
import { isSupportedLocale, isUuid, offeredLocale, translate, type Locale } from '@platform/core';
import { findTenantBySlug } from '@platform/tenants';
import { isOptionalKind, switchOffKind } from '../preferences/notification-preferences.service';
import { UNSUBSCRIBE_PATH, isUnsubscribeToken } from './unsubscribe-link';

/**
 * The one-click unsubscribe of an optional kind's emails (RFC 8058), the
 * address their List-Unsubscribe header names:
 *
 * - `POST`: switches that kind off for the link's user in the link's city,
 *   no sign-in (the link's signature is the proof); 200 every time, so a
 *   second click or a provider's retry is harmless. A link whose signature
 *   does not match is 403 and changes nothing; a malformed one or an
 *   unknown city 404.
 * - `GET`/`HEAD`: a short text saying how to switch emails off, and nothing
 *   changed: mail scanners and link previews fetch every URL in a message,
 *   and must not unsubscribe anyone by it.
 */
export function createUnsubscribeRoute(secret: Uint8Array): HttpRoute {
  return { paths: [UNSUBSCRIBE_PATH], handle: (req, res, ctx) => handle(req, res, ctx, secret) };
}

async function handle(req: IncomingMessage, res: ServerResponse, route: HttpRouteContext, secret: Uint8Array): Promise<void> {
  const params = new URL(req.url ?? '/', 'http://unsubscribe').searchParams;
  const tenant = await findTenantBySlug(route.db, params.get('tenant') ?? '');
  const lang = params.get('lang') ?? '';
  // The email's language while the city still offers it (links sent before the language rode along: the city's default).
  const locale: Locale = !tenant ? 'en' : isSupportedLocale(lang) ? offeredLocale(tenant.settings, lang) : tenant.settings.defaultLocale;
  if (req.method === 'GET' || req.method === 'HEAD') return send(res, 200, translate(locale, 'email.unsubscribe.howTo'));
  if (req.method !== 'POST') return send(res, 405, 'GET or POST only', { allow: 'GET, HEAD, POST' });
  // The body is "List-Unsubscribe=One-Click" (RFC 8058), and says nothing the signed URL does not: read to be drained, not trusted.
  if (!(await drain(req, route.maxRequestBytes))) return send(res, 413, 'Request body too large');
  const userId = params.get('user') ?? '';
  const kind = params.get('kind') ?? '';
  if (!tenant || !isUuid(userId) || !isOptionalKind(kind)) return send(res, 404, 'Not found');
  if (!isUnsubscribeToken(secret, { tenantId: tenant.id, userId, kind }, params.get('token') ?? '')) {
    route.log.warn({ tenant: tenant.slug, kind }, 'unsubscribe refused: bad signature');
    return send(res, 403, 'Forbidden');
  }
  await switchOffKind({ db: route.db, tenant }, userId, kind, route.clock.now());
  route.log.info({ tenant: tenant.slug, kind }, 'switched off by one-click unsubscribe');
  send(res, 200, translate(locale, 'email.unsubscribe.done'));
}

/** Reads the body to its end; false once it outgrows `maxBytes`. */
async function drain(req: IncomingMessage, maxBytes: number): Promise<boolean> {
  let bytes = 0;
  for await (const chunk of req) {
    bytes += (chunk as Buffer).length;
    if (bytes > maxBytes) return false;
  }
  return true;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}
