import type { TenantContext } from '@platform/api';
import { addressBlock, bySource, giveBackAttempts, markSeen, recordSecurityEvent, reserveAttempts, seenWithin, type LimitCheck, type RateLimitRule, type Reservation } from '@platform/auth';
import { DomainError, ErrorCode } from '@platform/core';
import { withTenant } from '@platform/db';
import { callCustomerServiceSaid, tenantByIdLoader } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { referenceKey } from '../accounts/account-number';

/*
 * Proofs of an account or a payable are limited two ways.
 * Failures, per client address (one person trying many numbers) and, where
 * the city asks for a second factor, per account, a quarter-hour's and a
 * day's (many people guessing one account's factor; where the number is all
 * there is, a wrong number is no account's failure). Every kind of proof shares these, so a guess counts
 * wherever it is made.
 * Successes, per address (nobody reads the city's accounts one number after
 * another), whatever the proof is for: every success shows something of the
 * account. A look-up shows what is due and the masked holder; a link shows
 * the holder's name and address in full; a payment's refusals show less
 * (that the account exists; where the city takes no credit, or the account
 * is closed, what it owes). A payment made gives its place back
 * (verifyServiceAccountToPay), so paying is never limited by paying.
 * Look-ups and links are also held to a ceiling per city, for a harvest of
 * holders spread over many addresses, sized well above a busy due date's
 * guests. A payment's proof is not: anyone with enough addresses can spend a
 * ceiling shared by the whole city, and strangers' look-ups must never stop
 * a resident paying. Its per-address limits still bound what one address
 * learns through payments.
 * As every attempt holds its place until its outcome is known, no more than
 * a limit's worth of attempts on one subject run at once, even if they
 * would all succeed.
 */
const LOOKUP_FAILURES_PER_IP: RateLimitRule = { name: 'account-verify-ip', limit: 20, windowSeconds: 15 * 60, reason: 'ACCOUNT_PROOF_FAILURES' };
const LOOKUP_FAILURES_PER_ACCOUNT: RateLimitRule = { name: 'account-verify-account', limit: 5, windowSeconds: 15 * 60, reason: 'SECOND_FACTOR_LOCKOUT', perSource: true };
/**
 * And per account per day: the quarter-hour's alone let 480 guesses a day at a second factor, for ever, from enough
 * addresses; a last payment is most often one of a few thousand bill totals, found within weeks. Its holder knows the
 * answer, and a success gives its place back.
 */
const LOOKUP_FAILURES_PER_ACCOUNT_DAY: RateLimitRule = { name: 'account-verify-account-day', limit: 20, windowSeconds: 24 * 60 * 60, reason: 'SECOND_FACTOR_LOCKOUT', perSource: true };
/**
 * An address (or caller's number; an IPv6 address as its /64 network) that proved an account, for half a year: its
 * holder's, most likely, home or phone. The account's limits on wrong second factors were a lockout anyone holding the
 * bill could set off, five guesses refusing the holder a quarter-hour, twenty a day; from such an address the same
 * limits are counted for that address and account alone, so strangers' guesses never reach it, and its own never
 * spend the account's for others (test/billing/second-factor-lockout.test.ts). A guesser must prove the account to be
 * counted so, which ends the guessing; one spoofing the holder's caller number gets that number's 20 a day, no more.
 */
const ACCOUNT_PROVED_FROM: RateLimitRule = { name: 'account-proved-from', limit: 1, windowSeconds: 180 * 24 * 60 * 60, reason: 'SECOND_FACTOR_LOCKOUT' };
const LOOKUPS_FOUND_PER_IP: RateLimitRule = { name: 'lookup-found-ip', limit: 30, windowSeconds: 60 * 60, reason: 'LOOKUPS_FOUND' };
const LOOKUPS_FOUND_PER_CITY: RateLimitRule = { name: 'lookup-found-city', limit: 300, windowSeconds: 60, reason: 'LOOKUPS_FOUND' };

const FAILURE_RULES = [LOOKUP_FAILURES_PER_IP, LOOKUP_FAILURES_PER_ACCOUNT, LOOKUP_FAILURES_PER_ACCOUNT_DAY];
const SUCCESS_RULES = [LOOKUPS_FOUND_PER_IP, LOOKUPS_FOUND_PER_CITY];

export interface LimitedLookup {
  /** The operation, as the security log names it ("lookupAccount", "linkServiceAccount", ...). */
  readonly action: string;
  /** The account whose second factor is being proved (its normalised number), or null when the city asks for none or no account could hold the number (a card number: never a subject). */
  readonly factorOf: string | null;
  /** The security-log entry for a failed proof. */
  readonly failureKind: 'LOOKUP_FAILED' | 'ACCOUNT_LINK_FAILED';
  /** Whether a success counts under the city's ceiling: false for a payment's proof, which strangers must never be able to stop. */
  readonly underCityCeiling: boolean;
}

/** What a proof found, and the places its success holds under the success limits. */
export interface Found<T> {
  readonly value: T;
  readonly foundPlaces: Reservation;
}

/**
 * Runs a proof inside the limits. The attempt is counted under
 * every limit before `find` runs (RATE_LIMITED, with no work done, if any
 * is spent), so concurrent requests can never get more proofs checked than
 * the limits allow. Then the outcome settles the count: a success gives back
 * its place under the failure limits, a miss (null) its place under the
 * success limits, and a miss is written to the security log. A success
 * answers the places it keeps under the success limits.
 */
export async function limitedLookup<T>(ctx: TenantContext, lookup: LimitedLookup, find: (manager: EntityManager) => Promise<T | null>): Promise<Found<T> | null> {
  const provedFrom = lookup.factorOf === null ? null : bySource(lookup.factorOf, addressBlock(ctx.clientIp));
  const factorSubject = provedFrom !== null && (await withTenant(ctx, (manager) => seenWithin(manager, ACCOUNT_PROVED_FROM, provedFrom, ctx.clock.now()))) ? provedFrom : lookup.factorOf;
  const checks: LimitCheck[] = [
    [LOOKUP_FAILURES_PER_IP, ctx.clientIp],
    ...(factorSubject !== null
      ? ([
          [LOOKUP_FAILURES_PER_ACCOUNT, factorSubject],
          [LOOKUP_FAILURES_PER_ACCOUNT_DAY, factorSubject],
        ] as const)
      : []),
    [LOOKUPS_FOUND_PER_IP, ctx.clientIp],
    ...(lookup.underCityCeiling ? ([[LOOKUPS_FOUND_PER_CITY, 'city']] as const) : []),
  ];
  const reservation = await reserveAttempts(ctx, lookup.action, checks).catch(async (error: unknown) => {
    throw await withWhomToCall(ctx, error);
  });
  // Counters, and on a miss a security log line: a crash may lose the last moment of them; no payment's commit waits for their flush.
  return withTenant(
    ctx,
    async (manager) => {
      const found = await find(manager);
      if (found === null) {
        await giveBackAttempts(manager, reservation, SUCCESS_RULES);
        await recordSecurityEvent(manager, ctx, { kind: lookup.failureKind, userId: ctx.viewer?.userId ?? null, detail: { action: lookup.action } });
        return null;
      }
      await giveBackAttempts(manager, reservation, FAILURE_RULES);
      if (provedFrom !== null) await markSeen(manager, ctx.tenant.id, ACCOUNT_PROVED_FROM, provedFrom, ctx.clock.now());
      return { value: found, foundPlaces: { held: reservation.held.filter((attempt) => SUCCESS_RULES.includes(attempt.rule)) } };
    },
    { waitForFlush: false },
  );
}

/**
 * A second-factor lockout shuts the account's holder out too, wherever they have not proved it from before (a new
 * phone, a library computer): its refusal says whom to call, the city's customer service and its hours, as a payment
 * refused by an account's declines does. Any other error is returned as it came.
 */
async function withWhomToCall(ctx: TenantContext, error: unknown): Promise<unknown> {
  if (!(error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED && error.details['reason'] === 'SECOND_FACTOR_LOCKOUT')) return error;
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  const call = tenant ? callCustomerServiceSaid(tenant.settings, ctx.locale) : null;
  return call === null ? error : new DomainError(error.code, `${error.message} ${call}`, error.details);
}

/**
 * The limits on wrong second factors that count against an account for everyone (not those of an address that proved
 * it before, which are its holder's own): what staff read as its lockout, and clear for a resident who proved who they
 * are. Keyed by the account's key (referenceKey of its number, as a proof counts under it), so every spelling of its
 * number is one.
 */
export function secondFactorLimitChecks(accountNumber: string): LimitCheck[] {
  const accountKey = referenceKey(accountNumber);
  if (accountKey === null) return [];
  return [
    [LOOKUP_FAILURES_PER_ACCOUNT, accountKey],
    [LOOKUP_FAILURES_PER_ACCOUNT_DAY, accountKey],
  ];
}
