import type { DataSource } from 'typeorm';

/*
 * The sessions a gateway has seen open, so that a signed-in request does not
 * cost a database round trip just to learn its session was not ended. How an
 * ended session is still refused in time:
 * - every way of ending one (logout, password change or reset, a reused
 *   refresh token, staff) sets sessions.revoked_at, whose trigger NOTIFYs
 *   `session_ended` in the same transaction; each gateway LISTENs and drops
 *   the session here (the same notification closes its WebSockets);
 * - the instance that ended it drops it right after its own commit, without
 *   waiting for the notification (so "log out, then try the old token" on
 *   one instance is refused every time);
 * - the copy is used only while the LISTEN connection is up: when it drops,
 *   the copy is switched off and every request reads the table again until
 *   LISTEN is back (then it starts empty);
 * - a read that raced with a revocation is not kept (the epoch moved on);
 * - an entry is kept at most MAX_AGE_MS however quiet the channel, and never
 *   past the session's own expiry.
 * Processes that never listen (CLI, scripts) read the table every time.
 */

const MAX_AGE_MS = 60_000;

interface OpenSession {
  readonly userId: string;
  readonly expiresAt: Date;
  readonly keptUntil: number;
}

class OpenSessions {
  readonly entries = new Map<string, OpenSession>();
  /** Moves on with every ending heard of; a read that began in an older epoch is not kept. */
  epoch = 0;
}

const caches = new WeakMap<DataSource, OpenSessions>();

/** Starts keeping `db`'s open sessions, empty; call only while listening for `session_ended`. */
export function startSessionCache(db: DataSource): void {
  caches.set(db, new OpenSessions());
}

/** Stops keeping them (the LISTEN connection is down, or the process is stopping). */
export function stopSessionCache(db: DataSource): void {
  const cache = caches.get(db);
  if (cache) cache.epoch++;
  caches.delete(db);
}

/** A session ended (the `session_ended` payload's session id). */
export function forgetSession(db: DataSource, sessionId: string): void {
  const cache = caches.get(db);
  if (!cache) return;
  cache.epoch++;
  cache.entries.delete(sessionId);
}

/** Every session of a user ended (e.g. a password change), bar perhaps one. */
export function forgetUserSessions(db: DataSource, userId: string): void {
  const cache = caches.get(db);
  if (!cache) return;
  cache.epoch++;
  for (const [id, entry] of cache.entries) if (entry.userId === userId) cache.entries.delete(id);
}

/**
 * The session `sessionId` if it is open at `now`: from the copy, or `load`ed
 * (null when there is no such session or it was revoked) and kept when open.
 */
export async function openSession(
  db: DataSource,
  sessionId: string,
  now: Date,
  load: () => Promise<{ userId: string; expiresAt: Date; revokedAt: Date | null } | null>,
): Promise<{ userId: string; expiresAt: Date } | null> {
  const cache = caches.get(db);
  const kept = cache?.entries.get(sessionId);
  if (kept && kept.keptUntil > performance.now() && kept.expiresAt > now) return kept;
  const epoch = cache?.epoch;
  const session = await load();
  if (!session || session.revokedAt || session.expiresAt <= now) return null;
  if (cache && caches.get(db) === cache && cache.epoch === epoch) {
    cache.entries.set(sessionId, { userId: session.userId, expiresAt: session.expiresAt, keptUntil: performance.now() + MAX_AGE_MS });
  }
  return session;
}
