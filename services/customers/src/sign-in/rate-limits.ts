import type { RateLimitRule } from '@platform/auth';

/*
 * Abuse limits for sign-in, registration and password reset: per client
 * address (slows one attacker) and per target account (slows a distributed
 * guess at one account). Each attempt is counted before the work it guards
 * (see reserveAttempts). Limits on failures give the attempt back when it
 * succeeds; registrations and reset emails are what their limits ration, so
 * those count whatever the outcome.
 */
export const LOGIN_FAILURES_PER_ACCOUNT: RateLimitRule = { name: 'login-account', limit: 5, windowSeconds: 15 * 60 };
export const LOGIN_FAILURES_PER_IP: RateLimitRule = { name: 'login-ip', limit: 20, windowSeconds: 15 * 60 };
export const REGISTRATIONS_PER_IP: RateLimitRule = { name: 'register-ip', limit: 10, windowSeconds: 60 * 60 };
export const RESET_REQUESTS_PER_IP: RateLimitRule = { name: 'reset-request-ip', limit: 10, windowSeconds: 60 * 60 };
/** Per identifier as typed (an email, a username), answered RATE_LIMITED: the same for every identifier, account or not. */
export const RESET_REQUESTS_PER_IDENTIFIER: RateLimitRule = { name: 'reset-request-account', limit: 3, windowSeconds: 60 * 60 };
/** Per account, whichever of its identifiers was typed: beyond it nothing is sent, and the answer is as for anyone. */
export const RESET_EMAILS_PER_ACCOUNT: RateLimitRule = { name: 'reset-email-account', limit: 3, windowSeconds: 60 * 60 };
export const RESET_FAILURES_PER_IP: RateLimitRule = { name: 'reset-ip', limit: 10, windowSeconds: 15 * 60 };
