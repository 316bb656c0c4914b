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
 * How far the platform's clock is ahead of this device's (ms; negative when behind), from `platformTime` as an answer
 * carried it (read as it arrived; its trip is a rounding error beside days-long deadlines). 0 until it is known.
 */
export const clockOffset = (platformTime: string | null | undefined, deviceNow: number): number => (platformTime ? Date.parse(platformTime) - deviceNow : 0);

/**
 * The platform's time (ms since the epoch): this device's clock put right by `offsetMs` (clockOffset), read again as
 * each of `deadlines` passes: what a deadline changes on the page (a request past its time) changes there when it
 * passes by the clock the server decides by, not when the server's hourly job next notices, nor by a device's clock
 * an hour wrong.
 */
export function useNowPassing(deadlines: readonly (string | null | undefined)[], offsetMs: number): number {
  const [deviceNow, setDeviceNow] = useState(() => Date.now());
  const now = deviceNow + offsetMs;
  const next = nextDeadline(deadlines, now);
  useEffect(() => {
    if (next === null) return;
    const timer = setTimeout(() => setDeviceNow(Date.now()), Math.min(Math.max(next - (Date.now() + offsetMs), 0), LONGEST_WAIT_MS));
    return () => clearTimeout(timer);
  }, [next, offsetMs]);
  return now;
}

/** Whether a request that expires at `expiresAt` (ISO; null: it does not) has run out of time at `now`. */
export const isPast = (expiresAt: string | null | undefined, now: number): boolean => !!expiresAt && Date.parse(expiresAt) <= now;
