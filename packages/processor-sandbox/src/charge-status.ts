import { instrumentJson } from './instrument';
import type { ChargeRecord, RefundRecord, SandboxState } from './sandbox-state';
import type { NachaReturnCode } from './test-numbers';

export type ChargeStatus = 'CAPTURED' | 'PENDING_SETTLEMENT' | 'SETTLED' | 'RETURNED' | 'VOIDED';

/**
 * A charge's status at `now`, derived on every read rather than moved by
 * timers, so a test that sets the clock sees e-checks settle or come back
 * at once. An e-check settles, or is returned, `settlementDelayMs` after it
 * was made.
 */
export function chargeStatusAt(charge: ChargeRecord, now: Date, settlementDelayMs: number): { status: ChargeStatus; returnCode: NachaReturnCode | null } {
  if (charge.voidedAt) return { status: 'VOIDED', returnCode: null };
  const { instrument } = charge;
  if (instrument.kind === 'CARD') return { status: 'CAPTURED', returnCode: null };
  if (now.getTime() < charge.createdAt.getTime() + settlementDelayMs) return { status: 'PENDING_SETTLEMENT', returnCode: null };
  const returnCode = instrument.standing.exists ? instrument.standing.returnCode : null;
  return returnCode ? { status: 'RETURNED', returnCode } : { status: 'SETTLED', returnCode: null };
}

export function refundedTotal(charge: ChargeRecord): bigint {
  return charge.refunds.reduce((sum, refund) => sum + refund.amount, 0n);
}

export function chargeJson(state: SandboxState, charge: ChargeRecord) {
  const { status, returnCode } = chargeStatusAt(charge, state.clock.now(), state.settlementDelayMs);
  const { kind, brand, last4, fingerprint } = instrumentJson(charge.instrument);
  return {
    id: charge.id,
    idempotencyKey: charge.idempotencyKey,
    status,
    amount: charge.amount.toString(),
    refunded: refundedTotal(charge).toString(),
    kind,
    brand,
    last4,
    fingerprint,
    returnCode,
    description: charge.description,
    createdAt: charge.createdAt.toISOString(),
  };
}

export function refundJson(refund: RefundRecord) {
  return { id: refund.id, chargeId: refund.chargeId, amount: refund.amount.toString(), createdAt: refund.createdAt.toISOString() };
}
