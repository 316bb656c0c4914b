import type { TenantContext } from '@platform/api';
import { checkRateLimit, longestWait, rateLimitedError, recordAttempt, type RateLimitRule } from '@platform/auth';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';

/*
 * Failed guest look-ups (an account, a citation) are limited per client
 * address (one person trying many numbers) and per number (many people
 * guessing one account's second factor). Only failures count.
 */
export const LOOKUP_FAILURES_PER_IP: RateLimitRule = { name: 'account-verify-ip', limit: 20, windowSeconds: 15 * 60 };
export const LOOKUP_FAILURES_PER_NUMBER: RateLimitRule = { name: 'account-verify-account', limit: 5, windowSeconds: 15 * 60 };

/**
 * Runs a guest look-up of `number` inside the limits: RATE_LIMITED before any
 * work when either limit is spent; a miss (null) counts against both.
 */
export async function limitedLookup<T>(ctx: TenantContext, number: string, find: (manager: EntityManager) => Promise<T | null>): Promise<T | null> {
  const limits = [
    [LOOKUP_FAILURES_PER_IP, ctx.clientIp],
    [LOOKUP_FAILURES_PER_NUMBER, number],
  ] as const;
  const now = ctx.clock.now();
  const blocked = longestWait(await withTenant(ctx, (manager) => Promise.all(limits.map(([rule, subject]) => checkRateLimit(manager, rule, subject, now)))));
  if (blocked !== null) throw rateLimitedError(ctx.locale, blocked);
  return withTenant(ctx, async (manager) => {
    const found = await find(manager);
    if (found === null) for (const [rule, subject] of limits) await recordAttempt(manager, ctx.tenant.id, rule, subject, now);
    return found;
  });
}
