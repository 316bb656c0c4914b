import { createHash } from 'node:crypto';
import type { Locale } from '@platform/core';
import type { PaymentScope } from '../payment-scope';
import type { PaymentEntity } from '../payment/payment.entity';
import type { PaymentStatus } from '../payment/payment.state';

/*
 * One charge of a customer's saved method made when the customer is not
 * there (the autopay run), and what it answers. The same path as makePayment
 * (a PENDING payment committed under a unique idempotency key before the
 * processor is called, the processor's own key being the payment id, the
 * outcome recorded with the ledger's pending amount and the receipt),
 * without a request; startSavedMethodCharges makes them in batches.
 */

export interface SavedMethodCharge {
  /** The customer who saved the method; the payment is theirs (their history, their receipt, their language). */
  readonly userId: string;
  readonly savedMethodId: string;
  readonly serviceAccountId: string;
  /** What goes to the account; feeCents is added on top. */
  readonly amountCents: bigint;
  /**
   * The city's convenience fee on this charge, in cents, as the caller
   * decided it and told the customer (autopay's reminder): charged as given,
   * never computed here from the city's fee as it is when the charge is made.
   * Not part of the charge's idempotency (chargeHash): a caller that decides
   * a claim again after a crash finds the first payment under its key, even
   * if the city's fee changed meanwhile.
   */
  readonly feeCents: bigint;
  /**
   * Unique per intended charge. A second call with it never charges again:
   * it answers with the first call's payment as it stands now.
   */
  readonly idempotencyKey: string;
  /** Recorded on the payment's transitions, e.g. "autopay". */
  readonly actor: string;
}

/**
 * - CHARGED: the processor took the money (the payment may have moved on since: posted, refunded...).
 * - DECLINED: the payer's bank said no; `payment.declineCode` says why.
 * - FAILED: the processor refused or never made the charge; nothing was taken.
 * - IN_DOUBT: the processor has not answered (or the first call with this key
 *   is still waiting); reconciliation settles the payment, never a guess.
 * - REFUSED: nothing was recorded or charged, for `refusal`.
 */
export type SavedMethodChargeResult =
  { readonly outcome: 'CHARGED' | 'DECLINED' | 'FAILED' | 'IN_DOUBT'; readonly payment: PaymentEntity } | { readonly outcome: 'REFUSED'; readonly payment: null; readonly refusal: SavedMethodRefusal };

/**
 * Why a saved method cannot be charged: gone, a bank account blocked after a return (or a card its holder disputed with
 * the city: METHOD_BLOCKED), or of a kind the city no longer
 * takes (a brand dropped, e-checks stopped); or an amount over the city's limit.
 */
export type SavedMethodRefusal = 'METHOD_NOT_FOUND' | 'METHOD_BLOCKED' | 'METHOD_NOT_ACCEPTED' | 'AMOUNT_TOO_LARGE';

/** What a job charging on a customer's behalf needs: the city, its database and clock, and a language for anything it writes. */
export type SavedMethodChargeScope = PaymentScope & { readonly locale: Locale };

/**
 * What an earlier payment under the key says of its charge. One in doubt
 * that reconciliation settled as returned by the bank or voided took no
 * money: a failed attempt (retried on the city's schedule), not a charge.
 */
const OUTCOMES: Partial<Record<PaymentStatus, 'DECLINED' | 'FAILED' | 'IN_DOUBT'>> = {
  DECLINED: 'DECLINED',
  FAILED: 'FAILED',
  RETURNED: 'FAILED',
  VOIDED: 'FAILED',
  PENDING: 'IN_DOUBT',
  UNKNOWN: 'IN_DOUBT',
};

export function resultOf(payment: PaymentEntity, hash: string): SavedMethodChargeResult {
  // Keys are derived by the caller, so a key naming another charge is a bug there, not something to answer.
  if (payment.requestHash !== hash) throw new Error(`idempotency key ${payment.idempotencyKey} was used for a different charge`);
  return { outcome: OUTCOMES[payment.status] ?? 'CHARGED', payment };
}

export function chargeHash(request: SavedMethodCharge): string {
  const canonical = ['saved-method-charge', request.userId, request.savedMethodId, request.serviceAccountId, request.amountCents.toString()];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
