/**
 * Which city a page belongs to: `?tenant=` (development, or any host that
 * names no city), else the first label of the host name, as the gateway reads
 * it ("norman.localhost" -> "norman"). A bare host ("localhost", an IP
 * address) names none. The page passes the result on as `x-tenant` and
 * `connectionParams.tenant`, so HTTP and WebSocket always agree.
 */
export function tenantSlugFromLocation(location: { readonly hostname: string; readonly search: string }): string | null {
  const explicit = new URLSearchParams(location.search).get('tenant')?.trim().toLowerCase();
  if (explicit) return explicit;
  const hostname = location.hostname.toLowerCase();
  if (hostname.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname)) return null;
  const labels = hostname.split('.');
  return labels.length >= 2 && labels[0] ? labels[0] : null;
}

/** A same-site link that keeps `?tenant=` when the page was opened with it. */
export function pageHref(path: string, location: { readonly search: string }): string {
  const tenant = new URLSearchParams(location.search).get('tenant');
  return tenant ? `${path}?tenant=${encodeURIComponent(tenant)}` : path;
}
