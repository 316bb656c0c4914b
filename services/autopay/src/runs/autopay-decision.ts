import { cardValidOn } from '@platform/core';
import type { AccountStatus } from '@platform/billing';
import type { IsoDate } from '@platform/core';
import type { SavedMethodSummary } from '@platform/payments';

/**
 * Why a cycle was settled without charging; the customer pays by other means.
 * ACCOUNT_UNLINKED: the customer whose method pays no longer holds the account.
 * OVER_PAYMENT_LIMIT: more than the city takes in one payment.
 * TOLD_NOT_PAID: the cycle's reminder said autopay would not pay it (more than
 * the maximum or the city's limit then), and what is owed now no longer is: the
 * customer, told to pay it another way, is doing so.
 */
type SkipReason = 'NOTHING_DUE' | 'OVER_MAXIMUM' | 'ACCOUNT_CLOSED' | 'NOT_ENROLLED' | 'ACCOUNT_UNLINKED' | 'OVER_PAYMENT_LIMIT' | 'TOLD_NOT_PAID';

export const SUSPENSION_REASONS = ['PAYMENT_FAILED', 'CARD_EXPIRED', 'METHOD_UNAVAILABLE', 'METHOD_NOT_ACCEPTED'] as const;
/**
 * Why autopay stopped itself: every retry failed, the card expired, the
 * method was removed (or is a bank account blocked after a return), or the
 * city no longer takes its kind (a card brand dropped, e-checks stopped).
 */
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

/**
 * The suspension a decline calls for at once, with no retry: the processor's
 * EXPIRED_CARD says what decideAttempt finds from the card's date before
 * charging (its issuer has reissued it, say), and no retry can turn it; the
 * card networks count each attempt on such a card against the city.
 * INVALID_ACCOUNT says the bank account is gone (closed since it was saved),
 * METHOD_NOT_FOUND that the processor no longer holds the saved method
 * (deleted in its dashboard; payments' METHOD_GONE_AT_PROCESSOR): payments
 * takes either out of the wallet, and a retry would only promise the resident
 * a charge that cannot come. Null for a decline a retry may turn (insufficient
 * funds, a generic decline), retried on the city's schedule.
 */
export function suspensionForDecline(declineCode: string | null): SuspensionReason | null {
  if (declineCode === 'EXPIRED_CARD') return 'CARD_EXPIRED';
  return declineCode === 'INVALID_ACCOUNT' || declineCode === 'METHOD_NOT_FOUND' ? 'METHOD_UNAVAILABLE' : null;
}

/**
 * CHARGE: amountCents to the account, and feeCents, the city's convenience fee, added on top (what the card is charged
 * is their sum). A skip as OVER_MAXIMUM keeps the fee it weighed, which its notice tells.
 */
export type AttemptDecision =
  | { readonly kind: 'CHARGE'; readonly amountCents: bigint; readonly feeCents: bigint }
  | { readonly kind: 'SKIP'; readonly reason: Exclude<SkipReason, 'OVER_MAXIMUM'> }
  | { readonly kind: 'SKIP'; readonly reason: 'OVER_MAXIMUM'; readonly feeCents: bigint }
  | { readonly kind: 'SUSPEND'; readonly reason: SuspensionReason };

/** What an attempt is decided on, read when the run reaches the account. */
export interface AttemptFacts {
  /** Null when the account is not (or no longer) the city's. */
  readonly accountStatus: AccountStatus | null;
  readonly enrolled: boolean;
  readonly enrolledUserId: string;
  /** The enrolled customer still has the account linked. */
  readonly linked: boolean;
  readonly method: SavedMethodSummary | null;
  /** What the account owes once pending payments post, at most what is left of what the cycle's reminder announced (or a claim was made for). */
  readonly dueCents: bigint;
  /** The convenience fee the charge adds to dueCents (see feeForDeduction). */
  readonly feeCents: bigint;
  /** The most one deduction may take from the customer's card or account, fee included. */
  readonly maxAmountCents: bigint | null;
  /** The city date of the attempt. */
  readonly date: IsoDate;
}

/**
 * Whether to charge, and how much: everything due, unless the account is
 * closed or no longer the customer's, nothing is due, or it is more than the
 * customer's maximum. A card
 * that has expired (or a method the customer removed, or a bank account
 * blocked after a return) suspends the
 * enrolment before any charge is tried, so the customer hears of it at once.
 */
export function decideAttempt(facts: AttemptFacts): AttemptDecision {
  if (!facts.enrolled) return { kind: 'SKIP', reason: 'NOT_ENROLLED' };
  if (facts.accountStatus === null || facts.accountStatus === 'CLOSED') return { kind: 'SKIP', reason: 'ACCOUNT_CLOSED' };
  if (!facts.linked) return { kind: 'SKIP', reason: 'ACCOUNT_UNLINKED' };
  if (!facts.method || !methodUsable(facts.method, facts.enrolledUserId)) return { kind: 'SUSPEND', reason: 'METHOD_UNAVAILABLE' };
  const method = facts.method;
  if (method.kind === 'CARD' && method.expMonth !== null && method.expYear !== null && !cardValidOn(method.expMonth, method.expYear, facts.date)) {
    return { kind: 'SUSPEND', reason: 'CARD_EXPIRED' };
  }
  if (facts.dueCents <= 0n) return { kind: 'SKIP', reason: 'NOTHING_DUE' };
  if (facts.maxAmountCents !== null && facts.dueCents + facts.feeCents > facts.maxAmountCents) return { kind: 'SKIP', reason: 'OVER_MAXIMUM', feeCents: facts.feeCents };
  return { kind: 'CHARGE', amountCents: facts.dueCents, feeCents: facts.feeCents };
}

/**
 * The most a cycle's deduction may take, in cents: what its reminder
 * announced (see remindedAmounts), or what a claim of it was made for, less
 * what the account was paid down by since.
 */
export interface DeductionBound {
  /** The amount due, the city's fee aside; 0 when the reminder said the month will not be paid. */
  readonly amountCents: bigint;
  /** The fee added on top; null when none was announced (no charge, or a reminder recorded before reminders kept it). */
  readonly feeCents: bigint | null;
  /** What the account was paid down by since the reminder went out (or the claim was made): payments and credits, not charges (see paidDownSince). */
  readonly paidDownCents: bigint;
}

/**
 * What a cycle's deduction is decided on (cents, the city's fee aside), by
 * the run and by an enrolment's answer alike: what the account owes now
 * (`owedCents`), but no more than what is left of what the cycle's reminder
 * announced (`bound`, less what was paid down since; none when it was
 * reminded of nothing). So a bill imported after the reminder waits for the
 * next cycle's, also when what was announced was paid (by the resident, or
 * cancelled by a credit) before the deduction day: what is owed then is a
 * bill the resident was never told would be taken. A reminder that said the
 * month will not be paid announced 0: the deduction is decided on all that
 * is owed, and the run then skips it as told (decideOn).
 */
export function amountDueForDeduction(owedCents: bigint, bound: DeductionBound | undefined): bigint {
  if (bound === undefined || bound.amountCents === 0n) return owedCents;
  const left = bound.amountCents - bound.paidDownCents;
  if (left <= 0n) return 0n;
  return left < owedCents ? left : owedCents;
}

/**
 * The convenience fee a cycle's deduction adds (cents): the city's fee on
 * the amount deducted, as read once for the decision (`feeNowCents`), but
 * no more than the fee the cycle's reminder announced (`bound`), so with
 * amountDueForDeduction the card is never charged more in all than the
 * reminder said, whatever fee the city added or raised since. A fee lowered
 * since is charged as it is now.
 */
export function feeForDeduction(feeNowCents: bigint, bound: DeductionBound | undefined): bigint {
  const announced = bound?.feeCents ?? null;
  return announced !== null && announced < feeNowCents ? announced : feeNowCents;
}

/**
 * Whether autopay may ever charge this saved method for the customer who
 * enrolled: still in their wallet, theirs, and not a bank account blocked
 * after a return (blocking is final). One it may not suspends the
 * enrolment (METHOD_UNAVAILABLE) at the next pass, whatever the day.
 */
export function methodUsable(method: SavedMethodSummary, enrolledUserId: string): boolean {
  return !method.removed && !method.blocked && method.userId === enrolledUserId;
}
