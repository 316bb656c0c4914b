/**
 * A web origin a city lets call its API from a browser (CORS): exactly
 * `http(s)://host[:port]`, as a browser sends it in `Origin`. No path, no
 * trailing slash, no credentials and no wildcard: a city lists every origin
 * it trusts, because a pattern ("*.example.gov") would also trust whatever
 * anyone later puts under it. Returns the origin in its normal form (lower
 * case, default port dropped), or null when the text is not one.
 */
export function normalizeOrigin(text: string): string | null {
  const value = text.trim();
  if (!/^https?:\/\/[^/?#@*\s]+$/i.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) return null;
  return url.origin;
}
