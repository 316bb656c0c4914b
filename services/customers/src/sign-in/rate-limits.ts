import type { RateLimitRule } from '@platform/auth';
import { EMAIL_MAX_LENGTH, holdsIssuedCardNumber } from '@platform/core';

/*
 * Abuse limits for sign-in, registration and password reset: per client
 * address (slows one attacker) and per target account (slows a distributed
 * guess at one account). Each attempt is counted before the work it guards
 * (see reserveAttempts). Limits on failures give the attempt back when it
 * succeeds; registrations, email changes and reset emails are what their limits ration, so
 * those count whatever the outcome.
 */
export const LOGIN_FAILURES_PER_ACCOUNT: RateLimitRule = { name: 'login-account', limit: 5, windowSeconds: 15 * 60, reason: 'SIGN_IN_FAILURES' };
export const LOGIN_FAILURES_PER_IP: RateLimitRule = { name: 'login-ip', limit: 20, windowSeconds: 15 * 60, reason: 'SIGN_IN_FAILURES' };
export const REGISTRATIONS_PER_IP: RateLimitRule = { name: 'register-ip', limit: 10, windowSeconds: 60 * 60, reason: 'REGISTRATIONS' };
export const RESET_REQUESTS_PER_IP: RateLimitRule = { name: 'reset-request-ip', limit: 10, windowSeconds: 60 * 60, reason: 'PASSWORD_RESET_REQUESTS' };
/** Per identifier as typed (an email, a username), answered RATE_LIMITED: the same for every identifier, account or not. */
export const RESET_REQUESTS_PER_IDENTIFIER: RateLimitRule = { name: 'reset-request-account', limit: 3, windowSeconds: 60 * 60, reason: 'PASSWORD_RESET_REQUESTS' };
/** Per account, whichever of its identifiers was typed: beyond it nothing is sent, and the answer is as for anyone. */
export const RESET_EMAILS_PER_ACCOUNT: RateLimitRule = { name: 'reset-email-account', limit: 3, windowSeconds: 60 * 60, reason: 'PASSWORD_RESET_REQUESTS' };
export const RESET_FAILURES_PER_IP: RateLimitRule = { name: 'reset-ip', limit: 10, windowSeconds: 15 * 60, reason: 'PASSWORD_RESET_FAILURES' };
/**
 * A new email asked for in updateProfile, with the right current password: whether another user has it (EMAIL_TAKEN)
 * is what register's limit rations, so it is rationed as that is, every attempt counted whatever the outcome, per
 * address and per user (one throw-away account asks no more than its address may).
 */
export const EMAIL_CHANGES_PER_IP: RateLimitRule = { name: 'email-change-ip', limit: 10, windowSeconds: 60 * 60, reason: 'EMAIL_CHANGES' };
export const EMAIL_CHANGES_PER_USER: RateLimitRule = { name: 'email-change-user', limit: 5, windowSeconds: 60 * 60, reason: 'EMAIL_CHANGES' };
/** Wrong or spent email verification links, per address, as reset links are: nobody guesses their way to a proved address. */
export const EMAIL_VERIFICATION_FAILURES_PER_IP: RateLimitRule = { name: 'email-verify-ip', limit: 10, windowSeconds: 15 * 60, reason: 'EMAIL_VERIFICATION_FAILURES' };

/**
 * What a limit on an identifier as typed (normalised) counts under: itself, or null (per address only). Text longer
 * than any identifier (an email's 254 characters; a username is at most 32) is nobody's, and is not scanned: the scan
 * below reads it digit group by digit group, seconds of the gateway's one thread for a few megabytes of "1 1 1 ...",
 * and it would run on every request before its limits are counted. A bucket
 * key is an unsalted SHA-256 of its subject, from which a card's few unknown digits are found in moments, so text
 * holding a card number (one pasted into the wrong box) is never a subject, whether or not an account has it:
 * counted for an account and not for text no account has, the sixth wrong password would say which is an
 * account's. No identifier a user may take holds one (identity.ts), so this spares only accounts from before then.
 */
export function typedLimitSubject(typed: string): string | null {
  return typed.length > EMAIL_MAX_LENGTH || holdsIssuedCardNumber(typed) ? null : typed;
}

/**
 * What a limit on a known account counts under (where its answer says nothing of whether the account exists: a
 * signed-in user's, a silent one): its sign-in name, or the user's id where that holds a card number.
 */
export function accountLimitSubject(signInName: string, userId: string): string {
  return typedLimitSubject(signInName) ?? `user:${userId}`;
}
