/*
 * When the live (graphql-ws) connection reconnects. The gateway closes with
 * 4404 for a city it does not have: no retry mends that. Anything else (a
 * dropped network, a restarted gateway) is retried, waiting longer each time
 * up to half a minute, with jitter so a restarted gateway is not hit by every
 * browser at once. 4401 (the session ended) and 4403 (the token was refused)
 * say the session's token is no good: the page refreshes it (refusesToken),
 * and the next connect carries the new one, or the session has ended and
 * nothing is left to connect for.
 */

const CLOSE_SESSION_ENDED = 4401;
const CLOSE_UNAUTHENTICATED = 4403;
const CLOSE_UNKNOWN_TENANT = 4404;
const MAX_WAIT_MS = 30_000;

/** Whether to reconnect after this close event or connection error. */
export function shouldReconnect(closeEventOrError: unknown): boolean {
  return closeCode(closeEventOrError) !== CLOSE_UNKNOWN_TENANT;
}

/** Whether the server closed the connection for its session's token (ended, or refused): a refresh decides what next. */
export function refusesToken(closeEventOrError: unknown): boolean {
  const code = closeCode(closeEventOrError);
  return code === CLOSE_SESSION_ENDED || code === CLOSE_UNAUTHENTICATED;
}

function closeCode(closeEventOrError: unknown): unknown {
  return (closeEventOrError as { code?: unknown } | null)?.code;
}

/**
 * Where a feed resumes after the server ended it with `errors`: from the last
 * cursor seen, unless the server says it never gave that cursor out
 * (INVALID_CURSOR: e.g. its database was restored since), when waiting on it
 * would show nothing ever; then from where the feed was opened.
 */
export function resumeCursor(errors: readonly { readonly extensions?: Readonly<Record<string, unknown>> }[], last: string | null, opened: string | null): string | null {
  return errors.some((error) => error.extensions?.['reason'] === 'INVALID_CURSOR') ? opened : last;
}

/** How long to wait before reconnect number `retries` (0 for the first), given a random number in [0, 1). */
export function reconnectDelayMs(retries: number, random: number): number {
  const base = Math.min(MAX_WAIT_MS, 1000 * 2 ** retries);
  return Math.round(base * (0.5 + random / 2));
}
