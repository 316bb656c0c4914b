import { isIP } from 'node:net';
import type { TenantsSettings } from '@platform/tenants';

export type Headers = { readonly [name: string]: string | string[] | undefined };

/**
 * Which city a request names: the `x-tenant` header, else the first label of
 * the host ("norman.localhost" -> "norman"). Behind a trusted proxy the host
 * is the one the client asked for, from X-Forwarded-Host (the value the
 * proxy added: the last); otherwise that header is ignored, since anyone can
 * send it. A bare host ("localhost", an IP address) names none. Returns the
 * slug as given; the caller looks it up.
 */
export function tenantSlugFromRequest(headers: Headers, trustProxy: boolean): string | null {
  const header = headers['x-tenant'];
  const explicit = Array.isArray(header) ? header[0] : header;
  if (explicit !== undefined) return explicit.trim().toLowerCase();

  const host = requestHost(headers, trustProxy);
  if (!host || host.startsWith('[')) return null;
  const hostname = host.replace(/:\d+$/, '');
  if (isIP(hostname)) return null;
  const labels = hostname.split('.');
  return labels.length >= 2 && labels[0] ? labels[0] : null;
}

/**
 * A slug as a refusal quotes it back ("No city called ..."): at most 60 characters, each outside printable ASCII
 * shown as "?". A city's slug has none; what else a client sent (a NUL, a right-to-left override, a terminal's
 * control sequence) is refused everywhere text comes in, and would otherwise be replayed into text clients show.
 */
export function slugAsShown(slug: string): string {
  return Array.from(slug)
    .slice(0, 60)
    .join('')
    .replace(/[^\x20-\x7e]/gu, '?');
}

/**
 * The platform's own addresses (PUBLIC_URL, PHONE_PUBLIC_URL; unset ones
 * null) whose host names a city by the rule above ("pay" for
 * https://pay.example.com): a city may not take that slug, or it would
 * receive every request to the platform's own host that names no city;
 * and whether a city's allowed origins must be https (in production).
 */
export function tenantsSettingsFor(publicUrls: readonly (string | null)[], httpsOriginsOnly = false): TenantsSettings {
  const platformHosts = publicUrls.flatMap((url) => {
    if (!url) return [];
    const { host, hostname } = new URL(url);
    const slug = tenantSlugFromRequest({ host }, false);
    return slug ? [{ host: hostname, slug }] : [];
  });
  return { platformHosts, httpsOriginsOnly };
}

/** The host (and port) the client asked for, lower case: X-Forwarded-Host's last value behind a trusted proxy, else Host. */
export function requestHost(headers: Headers, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? lastValue(headers['x-forwarded-host']) : undefined;
  return (forwarded ?? (Array.isArray(headers.host) ? headers.host[0] : headers.host))?.trim().toLowerCase() || undefined;
}

/** A forwarded header's last value (what the proxy in front added), trimmed; undefined when there is none. */
export function lastValue(header: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(header) ? header.join(',') : header;
  return joined
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
}
