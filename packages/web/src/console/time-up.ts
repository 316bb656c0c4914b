import { useEffect, useState } from 'react';

/** setTimeout's longest wait (about 24.8 days); a later deadline is waited for in steps. */
const LONGEST_WAIT_MS = 2 ** 31 - 1;

/** The earliest of `deadlines` (ISO instants; null for none) after `now` (ms since the epoch), in ms since the epoch; null when none is. */
export function nextDeadline(deadlines: readonly (string | null | undefined)[], now: number): number | null {
  let next: number | null = null;
  for (const deadline of deadlines) {
    const at = deadline ? Date.parse(deadline) : NaN;
    if (at > now && (next === null || at < next)) next = at;
  }
  return next;
}

/**
 * This device's clock (ms since the epoch), read again as each of `deadlines` passes: what a deadline changes on the
 * page (a request past its time) changes there when it passes, not when the server's hourly job next notices.
 */
export function useNowPassing(deadlines: readonly (string | null | undefined)[]): number {
  const [now, setNow] = useState(() => Date.now());
  const next = nextDeadline(deadlines, now);
  useEffect(() => {
    if (next === null) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(Math.max(next - Date.now(), 0), LONGEST_WAIT_MS));
    return () => clearTimeout(timer);
  }, [next]);
  return now;
}

/** Whether a request that expires at `expiresAt` (ISO; null: it does not) has run out of time at `now`. */
export const isPast = (expiresAt: string | null | undefined, now: number): boolean => !!expiresAt && Date.parse(expiresAt) <= now;
