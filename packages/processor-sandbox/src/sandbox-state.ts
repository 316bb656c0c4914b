import { randomBytes } from 'node:crypto';
import type { StoredReply } from './idempotency';
import type { Instrument } from './instrument';

/* Everything the sandbox remembers, in memory: it is a test double, and a restart starts from nothing. */

export interface TokenRecord {
  readonly id: string;
  readonly instrument: Instrument;
  readonly createdAt: Date;
  /** Set by the charge or save that spends it; a token works once. */
  used: boolean;
}

export interface RefundRecord {
  readonly id: string;
  readonly chargeId: string;
  readonly amount: bigint;
  readonly createdAt: Date;
}

export interface ChargeRecord {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly amount: bigint;
  readonly instrument: Instrument;
  readonly description: string;
  readonly createdAt: Date;
  readonly refunds: RefundRecord[];
  voidedAt: Date | null;
  /** Its disputes (chargebacks), oldest first: at most one open at a time (disputes.ts). */
  readonly disputes: DisputeRecord[];
  /** How many times GET /v1/charges/:id answered with it: what a test counts to see how often the platform asks. */
  lookups: number;
}

/** Why the card holder's bank says the charge should not stand, as Stripe names it. */
export const DISPUTE_REASONS = ['fraudulent', 'duplicate', 'product_not_received', 'credit_not_processed', 'subscription_canceled', 'general'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/**
 * A card holder disputed a charge with their bank: the disputed amount left the merchant's balance when it opened
 * (with the network's fee), and comes back only if the merchant wins.
 */
export interface DisputeRecord {
  readonly id: string;
  readonly chargeId: string;
  /** Cents taken back from the merchant: never more than the charge less its refunds when it opened. */
  readonly amount: bigint;
  readonly reason: DisputeReason;
  /** The merchant's evidence is due by then. */
  readonly respondBy: Date;
  readonly createdAt: Date;
  /** The network's fee charged to the merchant for the dispute, in cents; kept whatever the outcome. */
  readonly fee: bigint;
  status: 'needs_response' | 'won' | 'lost';
  closedAt: Date | null;
}

export interface MethodRecord {
  readonly id: string;
  readonly profileId: string;
  readonly instrument: Instrument;
  readonly createdAt: Date;
  /** Kept after deletion so a retried delete still succeeds. */
  deleted: boolean;
}

export interface ProfileRecord {
  readonly id: string;
  readonly reference: string;
  readonly createdAt: Date;
  readonly methods: Map<string, MethodRecord>;
}

export type EventType = 'charge.refunded' | 'charge.voided' | 'charge.returned' | 'charge.dispute.opened' | 'charge.dispute.closed';

/** Something that happened to a charge after it was made, in the feed (events.ts). */
export interface EventRecord {
  readonly id: string;
  readonly type: EventType;
  readonly createdAt: Date;
  /** The charge as it stood just after, the refund for a refund, the dispute for a dispute: JSON as the feed writes it. */
  readonly body: { readonly charge: unknown; readonly refund: unknown; readonly dispute: unknown };
}

/** "Now" for the sandbox; tests pass the platform's clock, which has this shape. */
export interface Clock {
  now(): Date;
}

export interface SandboxState {
  readonly clock: Clock;
  /** How long after it is made an e-check settles, or is returned instead. */
  readonly settlementDelayMs: number;
  /** How long after it settled an e-check from an account whose return comes after settling is returned (test-numbers.ts). */
  readonly lateReturnDelayMs: number;
  readonly hangMs: number;
  /** Random per instance: fingerprints match within one sandbox and say nothing outside it. */
  readonly fingerprintSalt: Buffer;
  readonly tokens: Map<string, TokenRecord>;
  /** In creation order. */
  readonly charges: Map<string, ChargeRecord>;
  readonly chargesByIdempotencyKey: Map<string, ChargeRecord>;
  readonly profiles: Map<string, ProfileRecord>;
  readonly idempotentReplies: Map<string, StoredReply>;
  /** Fingerprints of bank accounts their holders closed after tokenizing or saving them (POST /v1/_sandbox/bank-accounts/close). */
  readonly closedBankAccounts: Set<string>;
  /** The event feed, oldest first, and each event's place in it. */
  readonly events: EventRecord[];
  readonly eventPositions: Map<string, number>;
  /** E-checks from accounts whose bank returns them, until their return is in the feed (or they are voided). */
  readonly echecksAwaitingReturn: Set<ChargeRecord>;
}

export function createSandboxState(settings: { clock: Clock; settlementDelayMs: number; lateReturnDelayMs: number; hangMs: number }): SandboxState {
  return {
    ...settings,
    fingerprintSalt: randomBytes(32),
    tokens: new Map(),
    charges: new Map(),
    chargesByIdempotencyKey: new Map(),
    profiles: new Map(),
    idempotentReplies: new Map(),
    closedBankAccounts: new Set(),
    events: [],
    eventPositions: new Map(),
    echecksAwaitingReturn: new Set(),
  };
}
