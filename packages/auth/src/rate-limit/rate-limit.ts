import { createHash } from 'node:crypto';
import { DomainError, ErrorCode, translate, type Locale, type RateLimitReason } from '@platform/core';
import { runPrepared, tenantRoundTrip, withTenant, type PreparedStatement } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { recordSecurityEvent, type SecurityContext } from '../security-log/security-log';
import { addressBlock } from './address-block';

/** "At most `limit` attempts per `windowSeconds`", named so buckets of different rules never mix. */
export interface RateLimitRule {
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
  /** What a refusal under it says it was (`extensions.reason`), and staff read on a lockout. */
  readonly reason: RateLimitReason;
  /**
   * Its subjects are an owner's, counted per source (`bySource(owner, source)`: an account's wrong factors from its
   * holder's address, its declines from one address): keyed so that the owner's buckets from every source are found
   * by the owner alone (limitStandings, clearLimits), which staff know, while the sources stay hashed.
   */
  readonly perSource?: true;
}

/** A subject of a `perSource` rule: `owner` as counted from `source` (an address, a caller's number). */
export const bySource = (owner: string, source: string): string => `${owner}|${source}`;

/** One rule applied to one subject (a client address, an account, a whole city). */
export type LimitCheck = readonly [rule: RateLimitRule, subject: string];

/** The attempts one request holds, from `reserveAttempts` until it gives (some of) them back. */
export interface Reservation {
  readonly held: readonly HeldAttempt[];
}

interface HeldAttempt {
  readonly rule: RateLimitRule;
  readonly key: string;
  /** Identifies the window the attempt was counted in: one given back later must not be taken from the next window. */
  readonly windowEndsAt: Date;
}

/*
 * Fixed-window counters in PostgreSQL (table rate_limit_buckets), so limits
 * hold across gateway instances; per city by row-level security as well as
 * by key. Subjects (an IP, an email) are stored only as SHA-256.
 *
 * The rule that makes limits hold under a burst: an attempt is counted
 * BEFORE the work it guards (a password check, an account look-up), by one
 * statement that increments only while the bucket is under its limit, and
 * that count is committed before the work starts. Checking first and
 * counting afterwards let every request of a burst pass the check before any
 * of them was counted. When the limit is on failures, the caller gives the
 * attempt back once it has succeeded, so a legitimate user's successes never
 * spend their budget; an attempt whose request dies half-way stays counted,
 * which errs on the side of the limit.
 */

/**
 * A bucket's key: the rule's name and a SHA-256 of the subject (an address, an account) in lower case, so the table
 * holds no subject in clear. An IPv6 address counts as its /64 network (addressBlock).
 */
export function bucketKey(rule: RateLimitRule, subject: string): string {
  const separator = rule.perSource ? subject.indexOf('|') : -1;
  if (separator === -1) return `${rule.name}:${subjectHash(subject)}`;
  return `${rule.name}:${subjectHash(subject.slice(0, separator))}|${subjectHash(subject.slice(separator + 1))}`;
}

const subjectHash = (subject: string) => createHash('sha256').update(addressBlock(subject).toLowerCase()).digest('hex');

/** The keys a check reaches: its bucket, and for a perSource rule's owner, the owner's bucket from every source. */
function keysMatched(checks: readonly LimitCheck[]): { rule: RateLimitRule; key: string; sources: boolean }[] {
  return checks.map(([rule, subject]) => ({ rule, key: bucketKey(rule, subject), sources: rule.perSource === true && !subject.includes('|') }));
}

/**
 * Counts one attempt against every check, or none: if any bucket is full,
 * the others are left as they were, the first refusal of each full bucket's
 * window is written to the security log (a flood of refusals is one entry,
 * not thousands), and RATE_LIMITED is thrown with the longest wait.
 */
export async function reserveAttempts(ctx: SecurityContext & { readonly locale: Locale }, action: string, checks: readonly LimitCheck[]): Promise<Reservation> {
  const now = ctx.clock.now();
  // Buckets are always locked in key order, so two requests sharing buckets cannot deadlock.
  const ordered = checks.map(([rule, subject]) => ({ rule, key: bucketKey(rule, subject) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // Every count is one statement, so all of them go, in key order, in one round trip that commits them. A full bucket
  // is left as it was; then the transaction below gives back what the round trip counted, each just before counting it
  // again (so still in key order), and records the refusal.
  const answers = (await tenantRoundTrip(
    ctx,
    ordered.map(({ rule, key }) => ({ statement: ADMIT, values: admitValues(ctx.tenant.id, rule, key, now) })),
    { waitForFlush: false },
  )) as { window_ends_at: Date }[][];
  const counted = ordered.flatMap((bucket, i) => {
    const windowEndsAt = answers[i]?.[0]?.window_ends_at;
    return windowEndsAt ? [{ ...bucket, windowEndsAt }] : [];
  });
  if (counted.length === ordered.length) return { held: counted };
  // Counters only: a crash may lose the last moment of them, and no payment's commit waits for their flush.
  const outcome = await withTenant(
    ctx,
    async (manager): Promise<{ held: HeldAttempt[] } | { retryAfterSeconds: number; reason: RateLimitReason }> => {
      const held: HeldAttempt[] = [];
      const refusals: { rule: RateLimitRule; first: boolean; retryAfterSeconds: number }[] = [];
      for (const { rule, key } of ordered) {
        const countedBefore = counted.find((attempt) => attempt.key === key);
        if (countedBefore) await runPrepared(manager, GIVE_BACK_ATTEMPT, [key, countedBefore.windowEndsAt]);
        const windowEndsAt = await admit(manager, ctx.tenant.id, rule, key, now);
        if (windowEndsAt) held.push({ rule, key, windowEndsAt });
        else refusals.push({ rule, ...(await refuse(manager, key, now)) });
      }
      if (refusals.length === 0) return { held };
      for (const attempt of held) await manager.query('UPDATE rate_limit_buckets SET hits = hits - 1 WHERE bucket_key = $1', [attempt.key]);
      for (const refusal of refusals.filter((r) => r.first)) {
        await recordSecurityEvent(manager, ctx, { kind: 'RATE_LIMITED', detail: { action, limit: refusal.rule.name } });
      }
      // The refusal that lasts longest is the one the payer meets: its reason is the one they are told.
      const longest = refusals.reduce((a, b) => (b.retryAfterSeconds > a.retryAfterSeconds ? b : a));
      return { retryAfterSeconds: longest.retryAfterSeconds, reason: longest.rule.reason };
    },
    { waitForFlush: false },
  );
  if ('retryAfterSeconds' in outcome) throw rateLimitedError(ctx.locale, outcome.retryAfterSeconds, outcome.reason);
  return { held: outcome.held };
}

/**
 * Gives back the attempts a reservation holds under `rules` (all of them if
 * omitted), in the caller's transaction: for a failure limit, once the
 * attempt turned out to succeed.
 */
export async function giveBackAttempts(manager: EntityManager, reservation: Reservation, rules?: readonly RateLimitRule[]): Promise<void> {
  for (const attempt of reservation.held) {
    if (rules && !rules.includes(attempt.rule)) continue;
    await runPrepared(manager, GIVE_BACK_ATTEMPT, [attempt.key, attempt.windowEndsAt]);
  }
}

/**
 * Marks `subject` as seen under `rule` (an address that proved an account,
 * say) until the rule's window from now, in the caller's transaction: a mark
 * kept in the limits' table, hashed as their subjects are, not a count.
 */
export async function markSeen(manager: EntityManager, tenantId: string, rule: RateLimitRule, subject: string, now: Date): Promise<void> {
  await runPrepared(manager, MARK_SEEN, [tenantId, bucketKey(rule, subject), now, rule.windowSeconds]);
}

/** Whether `subject` was marked under `rule` (markSeen) and its window is not over. */
export async function seenWithin(manager: EntityManager, rule: RateLimitRule, subject: string, now: Date): Promise<boolean> {
  const rows = await manager.query<unknown[]>('SELECT 1 FROM rate_limit_buckets WHERE bucket_key = $1 AND window_ends_at > $2', [bucketKey(rule, subject), now]);
  return rows.length > 0;
}

/** $1 tenant, $2 bucket key, $3 now, $4 window seconds. */
const MARK_SEEN: PreparedStatement = {
  name: 'rate-limit.mark-seen',
  text: `INSERT INTO rate_limit_buckets (tenant_id, bucket_key, hits, refused, window_ends_at)
     VALUES ($1, $2, 1, 0, $3::timestamptz + make_interval(secs => $4))
     ON CONFLICT (tenant_id, bucket_key) DO UPDATE SET window_ends_at = EXCLUDED.window_ends_at`,
};

/** $1 bucket key, $2 the window the attempt was counted in. Also for limits checked in another service's round trips (a payment's declines). */
export const GIVE_BACK_ATTEMPT: PreparedStatement = {
  name: 'rate-limit.give-back',
  text: 'UPDATE rate_limit_buckets SET hits = hits - 1 WHERE bucket_key = $1 AND window_ends_at = $2 AND hits > 0',
};

/** Counts one attempt if the bucket has room (or its window is over); returns the window's end, or null when full. */
async function admit(manager: EntityManager, tenantId: string, rule: RateLimitRule, key: string, now: Date): Promise<Date | null> {
  // Prepared by name, so a request's first statement also opens its transaction in the same round trip (runPrepared).
  const rows = await runPrepared<{ window_ends_at: Date }>(manager, ADMIT, admitValues(tenantId, rule, key, now));
  return rows[0]?.window_ends_at ?? null;
}

const admitValues = (tenantId: string, rule: RateLimitRule, key: string, now: Date) => [tenantId, key, now, rule.windowSeconds, rule.limit];

/** $1 tenant, $2 bucket key, $3 now, $4 window seconds, $5 limit. The WHERE of ON CONFLICT is evaluated on the locked, latest row, so concurrent attempts are admitted one at a time. */
const ADMIT: PreparedStatement = {
  name: 'rate-limit.admit',
  text: `INSERT INTO rate_limit_buckets AS b (tenant_id, bucket_key, hits, refused, window_ends_at)
     VALUES ($1, $2, 1, 0, $3::timestamptz + make_interval(secs => $4))
     ON CONFLICT (tenant_id, bucket_key) DO UPDATE SET
       hits = CASE WHEN b.window_ends_at <= $3::timestamptz THEN 1 ELSE b.hits + 1 END,
       refused = CASE WHEN b.window_ends_at <= $3::timestamptz THEN 0 ELSE b.refused END,
       window_ends_at = CASE WHEN b.window_ends_at <= $3::timestamptz THEN $3::timestamptz + make_interval(secs => $4) ELSE b.window_ends_at END
     WHERE b.window_ends_at <= $3::timestamptz OR b.hits < $5
     RETURNING window_ends_at`,
};

/** Notes a refusal of a full bucket (already locked by `admit`): whether it is the window's first, and how long until it reopens. */
async function refuse(manager: EntityManager, key: string, now: Date): Promise<{ first: boolean; retryAfterSeconds: number }> {
  // Wrapped in a SELECT: TypeORM answers a bare UPDATE ... RETURNING with [rows, count] rather than rows.
  const [row] = await manager.query<{ refused: number; window_ends_at: Date }[]>(
    'WITH bucket AS (UPDATE rate_limit_buckets SET refused = refused + 1 WHERE bucket_key = $1 RETURNING refused, window_ends_at) SELECT * FROM bucket',
    [key],
  );
  if (!row) throw new Error('a refused rate-limit bucket vanished inside its transaction');
  return { first: row.refused === 1, retryAfterSeconds: Math.max(1, Math.ceil((row.window_ends_at.getTime() - now.getTime()) / 1000)) };
}

/**
 * The error for a refused attempt, in the request's language, with when to retry (in hours past an hour and a half: a
 * day's limit would say "1380 minutes") and why (`extensions.reason`, one of RATE_LIMIT_REASONS).
 */
export function rateLimitedError(locale: Locale, retryAfterSeconds: number, reason: RateLimitReason): DomainError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const message =
    minutes <= 1
      ? translate(locale, 'error.rateLimitedOneMinute')
      : minutes <= 90
        ? translate(locale, 'error.rateLimited', { minutes })
        : translate(locale, 'error.rateLimitedHours', { hours: Math.ceil(minutes / 60) });
  return new DomainError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds, reason });
}

/** A limit's bucket as it stands for one subject: attempts counted in its current window, and when that window ends. */
export interface LimitStanding {
  readonly rule: RateLimitRule;
  readonly attempts: number;
  readonly windowEndsAt: Date;
  /** Whether the next attempt under it is refused until windowEndsAt. */
  readonly spent: boolean;
}

/**
 * What each check's bucket holds now (only those with attempts in a window not yet over), for staff reading why a
 * resident or an account is refused and when that lifts; for a perSource rule's owner, also each source's bucket that
 * refuses now. Read in the caller's transaction (RLS: the request's city).
 */
export async function limitStandings(manager: EntityManager, checks: readonly LimitCheck[], now: Date): Promise<LimitStanding[]> {
  const keyed = keysMatched(checks);
  if (keyed.length === 0) return [];
  const rows = await manager.query<{ bucket_key: string; hits: number; window_ends_at: Date }[]>(
    `SELECT bucket_key, hits, window_ends_at FROM rate_limit_buckets WHERE (${MATCHED}) AND window_ends_at > $3 AND hits > 0 ORDER BY window_ends_at, bucket_key`,
    [...matchedValues(keyed), now],
  );
  // An owner's count from one source is listed only once it refuses (the holder locked out at home): the counts of
  // every address that ever tried the account would bury it.
  return keyed.flatMap(({ rule, key, sources }) =>
    rows
      .filter((r) => r.bucket_key === key || (sources && r.bucket_key.startsWith(`${key}|`) && r.hits >= rule.limit))
      .map((row) => ({ rule, attempts: row.hits, windowEndsAt: row.window_ends_at, spent: row.hits >= rule.limit })),
  );
}

/**
 * $1 exact keys, $2 owners' keys whose buckets from every source match too (`<key>|...`). A per-source key is no
 * prefix of a shorter one (a SHA-256 in hex is fixed-length), so an owner matches only its own.
 */
const MATCHED = "bucket_key = ANY($1) OR (cardinality($2::text[]) > 0 AND split_part(bucket_key, '|', 1) = ANY($2) AND position('|' in bucket_key) > 0)";
const matchedValues = (keyed: readonly { key: string; sources: boolean }[]) => [keyed.map(({ key }) => key), keyed.filter(({ sources }) => sources).map(({ key }) => key)];

/**
 * Ends the windows of these checks' buckets at once (their rows go; a perSource rule's owner's from every source), in
 * the caller's transaction: what staff do for a
 * resident who proved who they are. Answers the standings cleared (spent or not), for the audit log. An attempt under
 * way that holds a place gives back nothing (its window is gone); the next attempt opens a new window.
 */
export async function clearLimits(manager: EntityManager, checks: readonly LimitCheck[], now: Date): Promise<LimitStanding[]> {
  const standings = await limitStandings(manager, checks, now);
  const keyed = keysMatched(checks);
  if (keyed.length > 0) await manager.query(`DELETE FROM rate_limit_buckets WHERE ${MATCHED}`, matchedValues(keyed));
  return standings;
}

/**
 * Deletes up to `batchSize` buckets of the transaction's city whose window ended at or before `now`; answers how many.
 * A bucket past its window counts nothing (the next attempt starts it again), so deleting it changes no answer; one
 * an attempt reopened meanwhile is no longer past its window when the DELETE reads it again, and stays.
 */
export async function deleteExpiredBuckets(manager: EntityManager, now: Date, batchSize: number): Promise<number> {
  const rows = await manager.query<unknown[]>(
    `WITH expired AS (
       SELECT tenant_id, bucket_key FROM rate_limit_buckets WHERE window_ends_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED
     ), gone AS (
       DELETE FROM rate_limit_buckets b USING expired e
        WHERE b.tenant_id = e.tenant_id AND b.bucket_key = e.bucket_key AND b.window_ends_at <= $1
       RETURNING 1
     ) SELECT 1 FROM gone`,
    [now, batchSize],
  );
  return rows.length;
}
