import { createHash } from 'node:crypto';
import { DomainError, ErrorCode, translate, type Locale } from '@platform/core';
import type { EntityManager } from 'typeorm';

/** "At most `limit` attempts per `windowSeconds`", named so buckets of different rules never mix. */
export interface RateLimitRule {
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

export type RateLimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/*
 * Fixed-window counters in PostgreSQL (table rate_limit_buckets), so limits
 * hold across gateway instances. They run in the caller's tenant transaction,
 * so they are per city by row-level security as well as by key. Subjects
 * (an IP, an email) are stored only as SHA-256, never as typed.
 */

const bucketKey = (rule: RateLimitRule, subject: string) => `${rule.name}:${createHash('sha256').update(subject.toLowerCase()).digest('hex')}`;

/** Whether another attempt is allowed now, without counting one. */
export async function checkRateLimit(manager: EntityManager, rule: RateLimitRule, subject: string, now: Date): Promise<RateLimitDecision> {
  const rows = await manager.query<{ hits: number; window_ends_at: Date }[]>(
    'SELECT hits, window_ends_at FROM rate_limit_buckets WHERE bucket_key = $1',
    [bucketKey(rule, subject)],
  );
  const row = rows[0];
  if (!row || row.window_ends_at <= now || row.hits < rule.limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.window_ends_at.getTime() - now.getTime()) / 1000)) };
}

/** Counts one attempt; says whether it was still within the limit. */
export async function recordAttempt(manager: EntityManager, tenantId: string, rule: RateLimitRule, subject: string, now: Date): Promise<RateLimitDecision> {
  const rows = await manager.query<{ hits: number; window_ends_at: Date }[]>(
    `INSERT INTO rate_limit_buckets AS b (tenant_id, bucket_key, hits, window_ends_at)
     VALUES ($1, $2, 1, $3::timestamptz + make_interval(secs => $4))
     ON CONFLICT (tenant_id, bucket_key) DO UPDATE SET
       hits = CASE WHEN b.window_ends_at <= $3::timestamptz THEN 1 ELSE b.hits + 1 END,
       window_ends_at = CASE WHEN b.window_ends_at <= $3::timestamptz THEN $3::timestamptz + make_interval(secs => $4) ELSE b.window_ends_at END
     RETURNING hits, window_ends_at`,
    [tenantId, bucketKey(rule, subject), now, rule.windowSeconds],
  );
  const row = rows[0];
  if (!row || row.hits <= rule.limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.window_ends_at.getTime() - now.getTime()) / 1000)) };
}

/** Forgets the attempts against a subject (e.g. an account after a successful sign-in). */
export async function clearAttempts(manager: EntityManager, rule: RateLimitRule, subject: string): Promise<void> {
  await manager.query('DELETE FROM rate_limit_buckets WHERE bucket_key = $1', [bucketKey(rule, subject)]);
}

/** The error for a refused attempt, in the request's language, with when to retry. */
export function rateLimitedError(locale: Locale, retryAfterSeconds: number): DomainError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const message = minutes <= 1 ? translate(locale, 'error.rateLimitedOneMinute') : translate(locale, 'error.rateLimited', { minutes });
  return new DomainError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds });
}

/** The longest wait among refused decisions, or null when every one allows the attempt. */
export function longestWait(decisions: readonly RateLimitDecision[]): number | null {
  const waits = decisions.flatMap((d) => (d.allowed ? [] : [d.retryAfterSeconds]));
  return waits.length === 0 ? null : Math.max(...waits);
}
