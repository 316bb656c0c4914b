import { createHash } from 'node:crypto';
import { DomainError, ErrorCode, translate, type Locale } from '@platform/core';
import { runPrepared, tenantRoundTrip, withTenant, type PreparedStatement } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { recordSecurityEvent, type SecurityContext } from '../security-log/security-log';
import { addressBlock } from './address-block';

/** "At most `limit` attempts per `windowSeconds`", named so buckets of different rules never mix. */
export interface RateLimitRule {
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

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
export const bucketKey = (rule: RateLimitRule, subject: string) => `${rule.name}:${createHash('sha256').update(addressBlock(subject).toLowerCase()).digest('hex')}`;

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
    async (manager): Promise<{ held: HeldAttempt[] } | { retryAfterSeconds: number }> => {
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
      return { retryAfterSeconds: Math.max(...refusals.map((r) => r.retryAfterSeconds)) };
    },
    { waitForFlush: false },
  );
  if ('retryAfterSeconds' in outcome) throw rateLimitedError(ctx.locale, outcome.retryAfterSeconds);
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

/** The error for a refused attempt, in the request's language, with when to retry: in hours past an hour and a half (a day's limit would say "1380 minutes"). */
export function rateLimitedError(locale: Locale, retryAfterSeconds: number): DomainError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const message =
    minutes <= 1
      ? translate(locale, 'error.rateLimitedOneMinute')
      : minutes <= 90
        ? translate(locale, 'error.rateLimited', { minutes })
        : translate(locale, 'error.rateLimitedHours', { hours: Math.ceil(minutes / 60) });
  return new DomainError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds });
}
