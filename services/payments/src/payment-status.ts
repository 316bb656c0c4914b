export const PAYMENT_STATUSES = ['PENDING', 'AUTHORIZED', 'CAPTURED', 'POSTED', 'DECLINED', 'FAILED', 'VOIDED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'RETURNED', 'UNKNOWN'] as const;
/**
 * PENDING: recorded, the processor not yet answered. AUTHORIZED: an e-check
 * accepted, waiting to settle. CAPTURED: a card charged. POSTED: on the
 * account's ledger. UNKNOWN: the processor did not answer; reconciliation
 * asks it again and never guesses.
 */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  PENDING: ['AUTHORIZED', 'CAPTURED', 'DECLINED', 'FAILED', 'UNKNOWN'],
  UNKNOWN: ['AUTHORIZED', 'CAPTURED', 'FAILED', 'DECLINED', 'RETURNED', 'VOIDED'],
  AUTHORIZED: ['POSTED', 'VOIDED', 'RETURNED'],
  CAPTURED: ['POSTED', 'VOIDED'],
  POSTED: ['PARTIALLY_REFUNDED', 'REFUNDED', 'RETURNED', 'VOIDED'],
  PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  DECLINED: [],
  FAILED: [],
  VOIDED: [],
  REFUNDED: [],
  RETURNED: [],
};

export function canMove(from: PaymentStatus, to: PaymentStatus): boolean {
  return NEXT[from].includes(to);
}
