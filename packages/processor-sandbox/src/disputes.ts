import { refundedTotal } from './charge-status';
import { disputeJson } from './charge-status';
import { recordEvent } from './events';
import { randomId } from './ids';
import { conflict, invalid, notFound, ok, type Reply } from './reply';
import { isJsonObject, parseAmount } from './request-fields';
import { DISPUTE_REASONS, type DisputeReason, type DisputeRecord, type SandboxState } from './sandbox-state';

/*
 * Disputes (chargebacks), sandbox only: no API opens one, a card holder does at their bank. The test routes play the
 * bank (open) and the network's decision (close), and the feed tells of each as Stripe's charge.dispute.* events do.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** The merchant has this long to answer with evidence. */
const RESPOND_WITHIN_MS = 7 * DAY_MS;
/** The network's fee per dispute, in cents, the merchant's whatever the outcome. */
const DISPUTE_FEE_CENTS = 1500n;

/**
 * POST /v1/_sandbox/charges/:id/disputes { amount?, reason? }: the card holder disputes `amount` cents of a card
 * charge (all of it less its refunds by default) for `reason` (fraudulent by default). Refused for an e-check (its
 * bank returns it instead), a voided charge, more than is left after refunds, or while another dispute is open.
 */
export function openDispute(state: SandboxState, chargeId: string, body: unknown): Reply {
  const charge = state.charges.get(chargeId);
  if (!charge) return notFound('charge_not_found', 'No such charge.');
  const fields = isJsonObject(body) ? body : {};
  if (charge.instrument.kind !== 'CARD') return conflict('charge_not_disputable', 'Only a card charge can be disputed; a bank returns an e-check instead.');
  if (charge.voidedAt) return conflict('charge_voided', 'This charge was voided; there is nothing to dispute.');
  if (charge.disputes.some((dispute) => dispute.status === 'needs_response')) return conflict('dispute_open', 'This charge already has an open dispute.');
  const left = charge.amount - refundedTotal(charge) - charge.disputes.filter((d) => d.status === 'lost').reduce((sum, d) => sum + d.amount, 0n);
  const amount = fields.amount === undefined ? { value: left } : parseAmount(fields.amount, 'amount');
  if ('reply' in amount) return amount.reply;
  if (amount.value <= 0n || amount.value > left) return invalid('amount_exceeds_disputable', `At most ${left} cents of this charge can be disputed.`, 'amount');
  const reason = fields.reason ?? 'fraudulent';
  if (!DISPUTE_REASONS.includes(reason as DisputeReason)) return invalid('invalid_reason', `reason is one of ${DISPUTE_REASONS.join(', ')}.`, 'reason');
  const now = state.clock.now();
  const dispute: DisputeRecord = {
    id: randomId('dp'),
    chargeId: charge.id,
    amount: amount.value,
    reason: reason as DisputeReason,
    respondBy: new Date(now.getTime() + RESPOND_WITHIN_MS),
    createdAt: now,
    fee: DISPUTE_FEE_CENTS,
    status: 'needs_response',
    closedAt: null,
  };
  charge.disputes.push(dispute);
  recordEvent(state, 'charge.dispute.opened', charge, null, now, dispute);
  return ok(disputeJson(dispute), 201);
}

/** POST /v1/_sandbox/disputes/:id/close { outcome: "won" | "lost" }: the network decides an open dispute. */
export function closeDispute(state: SandboxState, disputeId: string, body: unknown): Reply {
  const found = [...state.charges.values()].flatMap((charge) => charge.disputes.map((dispute) => ({ charge, dispute }))).find(({ dispute }) => dispute.id === disputeId);
  if (!found) return notFound('dispute_not_found', 'No such dispute.');
  const outcome = isJsonObject(body) ? body.outcome : undefined;
  if (outcome !== 'won' && outcome !== 'lost') return invalid('invalid_outcome', 'outcome is won or lost.', 'outcome');
  const { charge, dispute } = found;
  if (dispute.status !== 'needs_response') return conflict('dispute_closed', 'This dispute is already decided.');
  dispute.status = outcome;
  dispute.closedAt = state.clock.now();
  recordEvent(state, 'charge.dispute.closed', charge, null, dispute.closedAt, dispute);
  return ok(disputeJson(dispute));
}
