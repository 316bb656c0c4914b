import type { CardBrand, PaymentMethodKind } from '@platform/core';

/*
 * The platform's view of a card / e-check gateway. Every call says plainly
 * whether it happened: OK, a definite no (DECLINED, REJECTED), or UNKNOWN
 * when the processor did not answer and the charge may or may not exist.
 * UNKNOWN is never guessed into success or failure: the caller records it and
 * a reconciliation job asks again (findChargeByIdempotencyKey).
 *
 * Amounts are integer cents (bigint). Card and bank numbers never pass
 * through here: only the processor's tokens, profile ids and method ids.
 */

export type ProcessorResult<T> =
  | { readonly outcome: 'OK'; readonly value: T }
  /** The payer's bank or card network said no; nothing was charged. */
  | { readonly outcome: 'DECLINED'; readonly code: DeclineCode; readonly message: string }
  /** The processor refused the request itself (bad token, unknown charge, too much to refund); nothing happened. */
  | { readonly outcome: 'REJECTED'; readonly code: string; readonly message: string }
  /** No answer (timeout, network, 5xx, or a refusal of the caller: 401, 403, 429): it may or may not have happened. */
  | { readonly outcome: 'UNKNOWN'; readonly reason: 'TIMEOUT' | 'NETWORK' | 'SERVER_ERROR' | 'REFUSED'; readonly message: string };

export type DeclineCode = 'GENERIC_DECLINE' | 'INSUFFICIENT_FUNDS' | 'EXPIRED_CARD' | 'PROCESSING_ERROR' | 'INVALID_ACCOUNT';

/** What a hosted-form token stands for: never the number itself. */
export interface TokenDetails {
  readonly token: string;
  readonly kind: PaymentMethodKind;
  /** Cards only. */
  readonly brand: CardBrand | null;
  readonly last4: string;
  readonly expMonth: number | null;
  readonly expYear: number | null;
  readonly holderName: string | null;
  /** Bank accounts only. */
  readonly bankAccountType: 'CHECKING' | 'SAVINGS' | null;
  /** Same card or bank account, same fingerprint: lets a city block a bank account without knowing its number. */
  readonly fingerprint: string;
  /** A token works for one charge or one save. */
  readonly used: boolean;
}

/** Where the money comes from: a fresh token, or a method saved in a customer profile. */
export type ChargeSource = { readonly token: string } | { readonly profileId: string; readonly methodId: string };

export type ChargeStatus =
  /** Card: authorized and captured. */
  | 'CAPTURED'
  /** E-check: accepted, waiting for the settlement delay. */
  | 'PENDING_SETTLEMENT'
  | 'SETTLED'
  /** E-check came back after settlement was attempted (see returnCode). */
  | 'RETURNED'
  | 'VOIDED';

export interface Charge {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly status: ChargeStatus;
  readonly amountCents: bigint;
  readonly refundedCents: bigint;
  readonly kind: PaymentMethodKind;
  readonly brand: CardBrand | null;
  readonly last4: string;
  readonly fingerprint: string;
  /** NACHA return code for a RETURNED e-check, e.g. "R01" (insufficient funds), "R02" (account closed). */
  readonly returnCode: string | null;
  readonly createdAt: Date;
  /** When it was voided (by us or in the processor's dashboard); null when it was not, or the processor does not say. */
  readonly voidedAt: Date | null;
}

export interface Refund {
  readonly id: string;
  readonly chargeId: string;
  readonly amountCents: bigint;
  readonly createdAt: Date;
}

/** Why a card holder disputed a charge, as the processor names it. */
export const DISPUTE_REASONS = ['FRAUDULENT', 'DUPLICATE', 'PRODUCT_NOT_RECEIVED', 'CREDIT_NOT_PROCESSED', 'SUBSCRIPTION_CANCELED', 'GENERAL'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/**
 * A card holder disputed a charge with their bank (a chargeback): the
 * processor took `amountCents` back from the merchant when it opened, and
 * gives it back only if the merchant wins.
 */
export interface Dispute {
  readonly id: string;
  readonly chargeId: string;
  /** Cents taken back: never more than the charge less its refunds. */
  readonly amountCents: bigint;
  /** The network's fee, in cents: the merchant's cost whatever the outcome. */
  readonly feeCents: bigint;
  readonly reason: DisputeReason;
  /** OPEN until the network decides. */
  readonly status: 'OPEN' | 'WON' | 'LOST';
  /** The merchant's evidence is due by then. */
  readonly respondBy: Date;
  readonly createdAt: Date;
  readonly closedAt: Date | null;
}

/**
 * Something that happened to a charge after it was made, told by the
 * processor's event feed: a refund or a void (through this API or in the
 * processor's own dashboard), an e-check its bank returned, a card holder's
 * dispute opened or decided. `type` is the processor's name for it; a reader
 * skips types it does not know.
 */
export interface ProcessorEvent {
  /** Opaque; the cursor to read on from (listEvents). */
  readonly id: string;
  readonly type: 'charge.refunded' | 'charge.voided' | 'charge.returned' | 'charge.dispute.opened' | 'charge.dispute.closed' | (string & {});
  readonly createdAt: Date;
  /** The charge just after the event: its refundedCents counts every refund up to and including this one. */
  readonly charge: Charge;
  /** The refund, for `charge.refunded`. */
  readonly refund: Refund | null;
  /** The dispute as it stood just after, for `charge.dispute.*`. */
  readonly dispute: Dispute | null;
}

export interface ProcessorEventPage {
  /** Oldest first. */
  readonly events: readonly ProcessorEvent[];
  /** More events follow the last of these. */
  readonly hasMore: boolean;
}

export interface SavedMethod {
  readonly profileId: string;
  readonly methodId: string;
  readonly kind: PaymentMethodKind;
  readonly brand: CardBrand | null;
  readonly last4: string;
  readonly expMonth: number | null;
  readonly expYear: number | null;
  readonly holderName: string | null;
  readonly fingerprint: string;
}

export interface ChargeRequest {
  /** The payment's own key: a retry with it returns the first charge, never a second. */
  readonly idempotencyKey: string;
  readonly amountCents: bigint;
  readonly source: ChargeSource;
  readonly description: string;
}

export interface PaymentProcessor {
  /** Names the processor account this talks to: a reader of its event feed keeps its place per account. */
  readonly account: string;
  /** What a token stands for (brand, last 4, kind), without using it. */
  getToken(token: string): Promise<ProcessorResult<TokenDetails>>;
  /** A bank account's first-use check: does the account exist and take debits. */
  verifyBankAccount(token: string): Promise<ProcessorResult<{ readonly valid: boolean; readonly reason: string | null }>>;
  charge(request: ChargeRequest): Promise<ProcessorResult<Charge>>;
  getCharge(chargeId: string): Promise<ProcessorResult<Charge>>;
  /** For reconciliation: the charge made with this key, or null when none was made. */
  findChargeByIdempotencyKey(idempotencyKey: string): Promise<ProcessorResult<Charge | null>>;
  /** Full or partial; refunds of one charge never exceed it. */
  refund(request: { readonly idempotencyKey: string; readonly chargeId: string; readonly amountCents: bigint }): Promise<ProcessorResult<Refund>>;
  /** Cancels a charge before it settles (card: same day; e-check: before settlement). */
  void(request: { readonly idempotencyKey: string; readonly chargeId: string }): Promise<ProcessorResult<Charge>>;
  /**
   * The account's event feed, oldest first: at most `limit` events after the event `after` (from the first, for null).
   * A cursor the processor does not know is REJECTED.
   */
  listEvents(after: string | null, limit: number): Promise<ProcessorResult<ProcessorEventPage>>;
  /** Makes a customer profile (one per platform user); `customerRef` is ours, e.g. "tenant:user". */
  createProfile(request: { readonly idempotencyKey: string; readonly customerRef: string }): Promise<ProcessorResult<{ readonly profileId: string }>>;
  /** Saves a token into a profile as a reusable method; the processor confirms it or it is not saved. */
  saveMethod(request: { readonly idempotencyKey: string; readonly profileId: string; readonly token: string }): Promise<ProcessorResult<SavedMethod>>;
  deleteMethod(request: { readonly profileId: string; readonly methodId: string }): Promise<ProcessorResult<{ readonly deleted: true }>>;
}
