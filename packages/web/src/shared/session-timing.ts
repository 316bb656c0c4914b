/*
 * When to refresh an access token. Pure, so it is unit-tested; the session
 * store applies it. Times are epoch milliseconds on the browser's clock, so a
 * clock more than the margin off the server's still refreshes late: the
 * margin (a minute of a 15-minute token) absorbs ordinary drift.
 */

/** Refresh this long before the access token expires (or halfway, for tokens shorter than twice this). */
export const REFRESH_MARGIN_MS = 60_000;

/** Milliseconds from `nowMs` until the token should be refreshed (0: now). */
export function refreshDelayMs(expiresAtMs: number, nowMs: number): number {
  const remaining = expiresAtMs - nowMs;
  return Math.max(0, remaining - Math.min(REFRESH_MARGIN_MS, remaining / 2));
}

/** A token this close to expiry is refreshed before it is sent (a device that slept past its timer). */
export function mustRefreshBeforeUse(expiresAtMs: number, nowMs: number): boolean {
  return expiresAtMs - nowMs < REFRESH_MARGIN_MS / 2;
}

/**
 * When the access token expires on this browser's clock: the moment it was
 * received plus its lifetime (`exp - iat` of the JWT), so a browser clock far
 * off the server's neither refreshes in a loop nor too late. Falls back to the
 * server's expiry time for a token that is not a readable JWT.
 */
export function localExpiryMs(accessToken: string, expiresAtIso: string, receivedAtMs: number): number {
  try {
    const payload = accessToken.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { iat?: unknown; exp?: unknown };
    if (typeof claims.iat === 'number' && typeof claims.exp === 'number' && claims.exp > claims.iat) return receivedAtMs + (claims.exp - claims.iat) * 1000;
  } catch {
    // Not a JWT we can read: use the server's word.
  }
  return Date.parse(expiresAtIso);
}

/**
 * Warn this long before a session ends (WCAG 2.2.1: a person warned of a time limit gets at least 20 seconds to ask for
 * more with one simple action; two minutes leave room for someone who reads slowly or steps away briefly).
 */
export const SESSION_WARNING_MS = 2 * 60_000;

/**
 * When the session itself ends (the refresh token's end, which refreshing does not move) on this browser's clock:
 * counted from when its tokens were received, by the server's clock as the access token gives it (`iat`), so a browser
 * clock far off the server's warns neither at once nor too late. Falls back to the server's time for a token that
 * is not a readable JWT.
 */
export function localSessionEndMs(accessToken: string, sessionEndIso: string, receivedAtMs: number): number {
  const end = Date.parse(sessionEndIso);
  try {
    const payload = accessToken.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { iat?: unknown };
    if (typeof claims.iat === 'number') return receivedAtMs + (end - claims.iat * 1000);
  } catch {
    // Not a JWT we can read: use the server's word.
  }
  return end;
}
