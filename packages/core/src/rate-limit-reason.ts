import type { MessageKey } from './i18n';

/**
 * Why a request was refused RATE_LIMITED (`extensions.reason`), one vocabulary for every limit, so a client can act on
 * it: offer a password reset after SIGN_IN_FAILURES, a sign-in after ACCOUNT_DECLINE_LIMIT, the city's phone number after
 * SECOND_FACTOR_LOCKOUT. Staff read the same reasons on an account's or a resident's lockouts.
 */
export const RATE_LIMIT_REASONS = [
  /** Wrong passwords, per account or per address. */
  'SIGN_IN_FAILURES',
  /** New accounts from one address. */
  'REGISTRATIONS',
  /** Password-reset emails asked for, per address or per identifier typed. */
  'PASSWORD_RESET_REQUESTS',
  /** Wrong or spent password-reset links, per address. */
  'PASSWORD_RESET_FAILURES',
  /** New emails asked for in a profile, per address or per user. */
  'EMAIL_CHANGES',
  /** Wrong or spent email verification links, per address. */
  'EMAIL_VERIFICATION_FAILURES',
  /** Accounts linked by one resident in a day. */
  'ACCOUNT_LINKS',
  /** Account or payable numbers that proved nothing, from one address (or caller). */
  'ACCOUNT_PROOF_FAILURES',
  /** Wrong second factors (Norman's last payment amount) for one account, a quarter-hour's or a day's. */
  'SECOND_FACTOR_LOCKOUT',
  /** Accounts found, per address or per city: nobody reads the city's accounts one number after another. */
  'LOOKUPS_FOUND',
  /** Failed look-ups by every caller who withholds their number, together. */
  'PHONE_WITHHELD_CALLERS',
  /** Declined cards or bank accounts, per address, per account from one address, per card or per user. */
  'PAYMENT_DECLINES',
  /** Ten declines in an hour on one account, from anyone: guests and callers are refused; its resident signed in pays. */
  'ACCOUNT_DECLINE_LIMIT',
  /** Operations at once on one WebSocket. */
  'SOCKET_OPERATIONS',
] as const;
export type RateLimitReason = (typeof RATE_LIMIT_REASONS)[number];

/** Each reason as a person reads it (en and es catalogues); the Record type makes a new reason fail to compile until it has one. */
export const RATE_LIMIT_REASON_MESSAGES: Readonly<Record<RateLimitReason, MessageKey>> = {
  SIGN_IN_FAILURES: 'rateLimit.reason.signInFailures',
  REGISTRATIONS: 'rateLimit.reason.registrations',
  PASSWORD_RESET_REQUESTS: 'rateLimit.reason.passwordResetRequests',
  PASSWORD_RESET_FAILURES: 'rateLimit.reason.passwordResetFailures',
  EMAIL_CHANGES: 'rateLimit.reason.emailChanges',
  EMAIL_VERIFICATION_FAILURES: 'rateLimit.reason.emailVerificationFailures',
  ACCOUNT_LINKS: 'rateLimit.reason.accountLinks',
  ACCOUNT_PROOF_FAILURES: 'rateLimit.reason.accountProofFailures',
  SECOND_FACTOR_LOCKOUT: 'rateLimit.reason.secondFactorLockout',
  LOOKUPS_FOUND: 'rateLimit.reason.lookupsFound',
  PHONE_WITHHELD_CALLERS: 'rateLimit.reason.phoneWithheldCallers',
  PAYMENT_DECLINES: 'rateLimit.reason.paymentDeclines',
  ACCOUNT_DECLINE_LIMIT: 'rateLimit.reason.accountDeclineLimit',
  SOCKET_OPERATIONS: 'rateLimit.reason.socketOperations',
};
