import { StateMachine } from '../state-machine';

export const PAYMENT_STATUSES = ['PENDING', 'AUTHORIZED', 'CAPTURED', 'POSTED', 'DECLINED', 'FAILED', 'VOIDED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'RETURNED', 'DISPUTED', 'UNKNOWN'] as const;
/**
 * PENDING: recorded, the processor not yet answered. AUTHORIZED: an e-check
 * accepted, waiting to settle. CAPTURED: a card charged. POSTED: on the
 * account's ledger. DISPUTED: its card holder disputed it with their bank,
 * which took the disputed amount back (open, or lost). UNKNOWN: the processor did not answer; reconciliation
 * asks it again and never guesses.
 */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const paymentStates = new StateMachine<PaymentStatus>('payment', {
  // Reconciliation may find a PENDING payment's charge (its request died) already returned by the bank, or voided.
  PENDING: ['AUTHORIZED', 'CAPTURED', 'DECLINED', 'FAILED', 'UNKNOWN', 'RETURNED', 'VOIDED'],
  UNKNOWN: ['AUTHORIZED', 'CAPTURED', 'FAILED', 'DECLINED', 'RETURNED', 'VOIDED'],
  AUTHORIZED: ['POSTED', 'VOIDED', 'RETURNED'],
  CAPTURED: ['POSTED', 'VOIDED'],
  POSTED: ['PARTIALLY_REFUNDED', 'REFUNDED', 'RETURNED', 'VOIDED', 'DISPUTED'],
  // A second partial refund changes the refunded total, not the status. A settled e-check, refunded or not, may still
  // come back from its bank for weeks (an unauthorized-debit return): see recordReturn.
  PARTIALLY_REFUNDED: ['REFUNDED', 'RETURNED', 'DISPUTED'],
  DECLINED: [],
  FAILED: [],
  VOIDED: [],
  REFUNDED: ['RETURNED'],
  RETURNED: [],
  // A dispute won gives the payment back what it had (see dispute.service.ts); one lost leaves it DISPUTED.
  DISPUTED: ['POSTED', 'PARTIALLY_REFUNDED'],
});

/** Whether a payment's money is in: a card charged, an e-check accepted, or either on the ledger. */
export const isMoneyIn = (status: PaymentStatus): boolean => MONEY_IN.includes(status);
const MONEY_IN: readonly PaymentStatus[] = ['AUTHORIZED', 'CAPTURED', 'POSTED'];

export const canMove = (from: PaymentStatus, to: PaymentStatus): boolean => paymentStates.canMove(from, to);

/**
 * How long a PENDING payment may still be in flight: by then its request
 * has lost its way (a crash, a killed process) and an UNKNOWN one's call is
 * over at the processor too. Reconciliation leaves a payment alone this
 * long, so "no charge under this key" really means none will appear; a
 * payment older than this whose outcome is not known is in doubt.
 */
export const STALE_PENDING_MS = 60_000;
