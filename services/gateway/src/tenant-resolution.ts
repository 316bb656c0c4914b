import { isIP } from 'node:net';

/**
 * Which city a request names: the `x-tenant` header, else the first label of
 * the host ("norman.localhost" -> "norman"). A bare host ("localhost", an IP
 * address) names none. Returns the slug as given; the caller looks it up.
 */
export function tenantSlugFromRequest(headers: { readonly [name: string]: string | string[] | undefined }): string | null {
  const header = headers['x-tenant'];
  const explicit = Array.isArray(header) ? header[0] : header;
  if (explicit !== undefined) return explicit.trim().toLowerCase();

  const host = (Array.isArray(headers.host) ? headers.host[0] : headers.host)?.trim().toLowerCase();
  if (!host || host.startsWith('[')) return null;
  const hostname = host.replace(/:\d+$/, '');
  if (isIP(hostname)) return null;
  const labels = hostname.split('.');
  return labels.length >= 2 && labels[0] ? labels[0] : null;
}
