import type { TenantContext } from '@platform/api';
import { giveBackAttempts, reserveAttempts, type RateLimitRule } from '@platform/auth';
import { DomainError, ErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';

/*
 * Every call reaches the platform from the provider's address, so the
 * caller's number stands for the client address under the look-up (and
 * decline) limits. A withheld number (callerNumber null: From "anonymous",
 * or a placeholder such as "+266696687") is nobody's: shared, a few
 * mistyping callers, or one prankster, would lock every withheld caller out.
 * So each withheld call is an address of its own, and what a withheld number
 * hides, one person calling again and again, is bounded by a ceiling on the
 * failed look-ups of all withheld callers together: ten times an address's
 * 20 a quarter-hour, which mistyping residents do not reach and an
 * enumeration spread over many calls soon does. The per-account and
 * per-city limits apply to every call as to the web.
 */
const WITHHELD_LOOKUP_FAILURES: RateLimitRule = { name: 'phone-withheld-lookup-failures', limit: 200, windowSeconds: 15 * 60, reason: 'PHONE_WITHHELD_CALLERS' };

/** What stands for the caller's address: their number (callerNumber), or, withheld (null), the call itself. */
export function callerAddress(from: string | null, callSid: string): string {
  return from === null ? `phone:withheld:${callSid}` : `phone:${from}`;
}

/**
 * Runs a look-up for a caller (`from` as the call keeps it), a withheld one
 * under the withheld callers' ceiling as well: counted before the look-up
 * (RATE_LIMITED, with nothing looked up, once spent), given back when it
 * succeeds or was refused by a limit before anything was looked up.
 */
export async function withinCallerLimits<T>(ctx: TenantContext, from: string | null, lookup: () => Promise<Result<T>>): Promise<Result<T>> {
  if (from !== null) return lookup();
  const reservation = await reserveAttempts(ctx, 'phoneLookupWithheld', [[WITHHELD_LOOKUP_FAILURES, 'withheld']]);
  const giveBack = () => withTenant(ctx, (manager) => giveBackAttempts(manager, reservation), { waitForFlush: false });
  let result: Result<T>;
  try {
    result = await lookup();
  } catch (error) {
    // Another limit refused it first: nothing was looked up. Any other failure stays counted, erring on the limit's side.
    if (error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED) await giveBack();
    throw error;
  }
  if (result.ok) await giveBack();
  return result;
}
