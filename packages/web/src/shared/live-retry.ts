/*
 * When the live (graphql-ws) connection reconnects. The gateway closes with
 * 4404 for a city it does not have: no retry mends that. Anything else (a
 * dropped network, a restarted gateway, 4403 for an expired token, which the
 * next connect replaces with a fresh one) is retried, waiting longer each time
 * up to half a minute, with jitter so a restarted gateway is not hit by every
 * browser at once.
 */

const CLOSE_UNKNOWN_TENANT = 4404;
const MAX_WAIT_MS = 30_000;

/** Whether to reconnect after this close event or connection error. */
export function shouldReconnect(closeEventOrError: unknown): boolean {
  const code = (closeEventOrError as { code?: unknown } | null)?.code;
  return code !== CLOSE_UNKNOWN_TENANT;
}

/** How long to wait before reconnect number `retries` (0 for the first), given a random number in [0, 1). */
export function reconnectDelayMs(retries: number, random: number): number {
  const base = Math.min(MAX_WAIT_MS, 1000 * 2 ** retries);
  return Math.round(base * (0.5 + random / 2));
}
