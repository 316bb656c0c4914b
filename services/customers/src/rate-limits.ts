import type { TenantContext } from '@platform/api';
import { checkRateLimit, longestWait, rateLimitedError, recordAttempt, type RateLimitDecision, type RateLimitRule } from '@platform/auth';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { recordSecurityEvent } from './security-event.service';

/*
 * Abuse limits for sign-in, registration and password reset: per client
 * address (slows one attacker) and per target account (slows a distributed
 * guess at one account). Failures count; successes do not.
 */
export const LOGIN_FAILURES_PER_ACCOUNT: RateLimitRule = { name: 'login-account', limit: 5, windowSeconds: 15 * 60 };
export const LOGIN_FAILURES_PER_IP: RateLimitRule = { name: 'login-ip', limit: 20, windowSeconds: 15 * 60 };
export const REGISTRATIONS_PER_IP: RateLimitRule = { name: 'register-ip', limit: 10, windowSeconds: 60 * 60 };
export const RESET_REQUESTS_PER_IP: RateLimitRule = { name: 'reset-request-ip', limit: 10, windowSeconds: 60 * 60 };
export const RESET_REQUESTS_PER_ACCOUNT: RateLimitRule = { name: 'reset-request-account', limit: 3, windowSeconds: 60 * 60 };
export const RESET_ATTEMPTS_PER_IP: RateLimitRule = { name: 'reset-ip', limit: 10, windowSeconds: 15 * 60 };

export type LimitCheck = readonly [rule: RateLimitRule, subject: string];

/** Throws RATE_LIMITED (and audits it) if any of the checks is already over its limit. */
export async function refuseIfLimited(ctx: TenantContext, action: string, checks: readonly LimitCheck[]): Promise<void> {
  const now = ctx.clock.now();
  const decisions = await withTenant(ctx, (manager) => Promise.all(checks.map(([rule, subject]) => checkRateLimit(manager, rule, subject, now))));
  await refuseIfAnyBlocked(ctx, action, decisions);
}

/** Counts one attempt against each check, in the caller's transaction; returns the decisions. */
export async function countAttempts(manager: EntityManager, ctx: TenantContext, checks: readonly LimitCheck[]): Promise<RateLimitDecision[]> {
  const now = ctx.clock.now();
  const decisions: RateLimitDecision[] = [];
  for (const [rule, subject] of checks) decisions.push(await recordAttempt(manager, ctx.tenant.id, rule, subject, now));
  return decisions;
}

export async function refuseIfAnyBlocked(ctx: TenantContext, action: string, decisions: readonly RateLimitDecision[]): Promise<void> {
  const retryAfterSeconds = longestWait(decisions);
  if (retryAfterSeconds === null) return;
  await withTenant(ctx, (manager) => recordSecurityEvent(manager, ctx, { kind: 'RATE_LIMITED', detail: { action } }));
  throw rateLimitedError(ctx.locale, retryAfterSeconds);
}
