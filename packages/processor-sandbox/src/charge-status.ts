import { instrumentJson } from './instrument';
import type { ChargeRecord, DisputeRecord, RefundRecord, SandboxState } from './sandbox-state';
import type { NachaReturnCode } from './test-numbers';

export type ChargeStatus = 'CAPTURED' | 'PENDING_SETTLEMENT' | 'SETTLED' | 'RETURNED' | 'VOIDED';

/** How long the sandbox bank takes, in milliseconds: SandboxState's delays. */
export type BankDelays = Pick<SandboxState, 'settlementDelayMs' | 'lateReturnDelayMs'>;

/**
 * A charge's status at `now`, derived on every read rather than moved by
 * timers, so a test that sets the clock sees e-checks settle or come back
 * at once. An e-check settles, or is returned, `settlementDelayMs` after it
 * was made; one from an account whose return comes after settling is
 * SETTLED until `lateReturnDelayMs` after that, then RETURNED.
 */
export function chargeStatusAt(charge: ChargeRecord, now: Date, delays: BankDelays): { status: ChargeStatus; returnCode: NachaReturnCode | null } {
  if (charge.voidedAt) return { status: 'VOIDED', returnCode: null };
  const { instrument } = charge;
  if (instrument.kind === 'CARD') return { status: 'CAPTURED', returnCode: null };
  const settlesAt = charge.createdAt.getTime() + delays.settlementDelayMs;
  if (now.getTime() < settlesAt) return { status: 'PENDING_SETTLEMENT', returnCode: null };
  const standing = instrument.standing.exists ? instrument.standing : null;
  if (!standing?.returnCode) return { status: 'SETTLED', returnCode: null };
  if (standing.afterSettling && now.getTime() < settlesAt + delays.lateReturnDelayMs) return { status: 'SETTLED', returnCode: null };
  return { status: 'RETURNED', returnCode: standing.returnCode };
}

export function refundedTotal(charge: ChargeRecord): bigint {
  return charge.refunds.reduce((sum, refund) => sum + refund.amount, 0n);
}

export function chargeJson(state: SandboxState, charge: ChargeRecord) {
  const { status, returnCode } = chargeStatusAt(charge, state.clock.now(), state);
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
    voidedAt: charge.voidedAt?.toISOString() ?? null,
  };
}

/** A charge as the sandbox-only listing writes it: the charge, and how many times GET /v1/charges/:id answered with it. */
export function sandboxChargeJson(state: SandboxState, charge: ChargeRecord) {
  return { ...chargeJson(state, charge), lookups: charge.lookups };
}

export function refundJson(refund: RefundRecord) {
  return { id: refund.id, chargeId: refund.chargeId, amount: refund.amount.toString(), createdAt: refund.createdAt.toISOString() };
}

export function disputeJson(dispute: DisputeRecord) {
  return {
    id: dispute.id,
    chargeId: dispute.chargeId,
    amount: dispute.amount.toString(),
    fee: dispute.fee.toString(),
    reason: dispute.reason,
    status: dispute.status,
    respondBy: dispute.respondBy.toISOString(),
    createdAt: dispute.createdAt.toISOString(),
    closedAt: dispute.closedAt?.toISOString() ?? null,
  };
}
