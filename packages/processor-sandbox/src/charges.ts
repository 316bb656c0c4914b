import { chargeJson, chargeStatusAt, refundedTotal, refundJson, sandboxChargeJson, type BankDelays } from './charge-status';
import { findChargeableMethod } from './customers';
import { recordEvent } from './events';
import { randomId } from './ids';
import { declineOf, type Instrument } from './instrument';
import { conflict, declined, failure, invalid, notFound, ok, type Parsed, type Reply } from './reply';
import { isJsonObject, parseAmount } from './request-fields';
import type { ChargeRecord, RefundRecord, SandboxState, TokenRecord } from './sandbox-state';
import { SANDBOX_MAGIC_AMOUNTS } from './test-numbers';
import { findUnusedToken } from './tokens';

const DESCRIPTION_MAX = 1000;

/** POST /v1/charges { amount, source, description }: card charges are captured at once; e-checks wait to settle. */
export function createCharge(state: SandboxState, body: unknown, idempotencyKey: string): Reply {
  if (!isJsonObject(body)) return invalid('invalid_request', 'The body is a JSON object with amount, source and description.');
  const amount = parseAmount(body.amount, 'amount');
  if ('reply' in amount) return amount.reply;
  const { description } = body;
  if (typeof description !== 'string' || description.length > DESCRIPTION_MAX) {
    return invalid('invalid_description', `description is text of at most ${DESCRIPTION_MAX} characters.`, 'description');
  }
  const source = resolveSource(state, body.source);
  if ('reply' in source) return source.reply;
  if (amount.value === SANDBOX_MAGIC_AMOUNTS.hangWithoutCharging) {
    return { ...failure(504, 'api_error', 'processor_timeout', 'The processor did not answer in time; nothing was charged.'), delayMs: state.hangMs };
  }
  const now = state.clock.now();
  const { instrument, token } = source.value;
  // The sandbox holds back its answer to this amount, a decline too: a charge the processor is slow to answer.
  const heldBack = (reply: Reply): Reply => (amount.value === SANDBOX_MAGIC_AMOUNTS.chargeThenHang ? { ...reply, delayMs: state.hangMs } : reply);
  const decline = declineOf(instrument, now, state.closedBankAccounts);
  if (decline) return heldBack(declined(instrument.kind, decline));

  const charge: ChargeRecord = { id: randomId('ch'), idempotencyKey, amount: amount.value, instrument, description, createdAt: now, refunds: [], voidedAt: null, disputes: [], lookups: 0 };
  state.charges.set(charge.id, charge);
  state.chargesByIdempotencyKey.set(idempotencyKey, charge);
  if (instrument.kind === 'BANK_ACCOUNT' && instrument.standing.exists && instrument.standing.returnCode) state.echecksAwaitingReturn.add(charge);
  if (token) token.used = true;
  return heldBack(ok(chargeJson(state, charge), 201));
}

export function getCharge(state: SandboxState, chargeId: string): Reply {
  const charge = state.charges.get(chargeId);
  if (!charge) return notFound('charge_not_found', 'No such charge.');
  charge.lookups++;
  return ok(chargeJson(state, charge));
}

/** GET /v1/charges?idempotency_key=: how a caller that lost an answer learns whether the charge was made. */
export function findChargesByIdempotencyKey(state: SandboxState, idempotencyKey: string | null): Reply {
  if (!idempotencyKey) return invalid('idempotency_key_required', 'Pass idempotency_key to look a charge up.', 'idempotency_key');
  const charge = state.chargesByIdempotencyKey.get(idempotencyKey);
  return ok({ data: charge ? [chargeJson(state, charge)] : [] });
}

/** GET /v1/_sandbox/charges: sandbox only, for tests that count what the processor charged, and how often each charge was looked up. */
export function listAllCharges(state: SandboxState): Reply {
  return ok({ data: [...state.charges.values()].map((charge) => sandboxChargeJson(state, charge)) });
}

/** POST /v1/charges/:id/refunds { amount }: partial or full; all refunds of a charge add up to at most its amount. */
export function refundCharge(state: SandboxState, chargeId: string, body: unknown): Reply {
  const charge = state.charges.get(chargeId);
  if (!charge) return notFound('charge_not_found', 'No such charge.');
  const amount = parseAmount(isJsonObject(body) ? body.amount : undefined, 'amount');
  if ('reply' in amount) return amount.reply;
  const now = state.clock.now();
  const { status } = chargeStatusAt(charge, now, state);
  if (status === 'PENDING_SETTLEMENT') return conflict('charge_not_settled', 'This e-check has not settled yet: void it instead of refunding it.');
  if (status === 'VOIDED') return conflict('charge_voided', 'This charge was voided; there is nothing to refund.');
  if (status === 'RETURNED') return conflict('charge_returned', 'This e-check was returned by the bank; there is nothing to refund.');
  // As the card networks rule: the disputed money already went back to the card holder, by their bank.
  if (charge.disputes.some((dispute) => dispute.status !== 'won')) return conflict('charge_disputed', 'This charge is disputed; its money already went back to the card holder.');
  const refundable = charge.amount - refundedTotal(charge);
  if (amount.value > refundable) return invalid('amount_exceeds_refundable', `At most ${refundable} cents of this charge are left to refund.`, 'amount');
  const refund: RefundRecord = { id: randomId('re'), chargeId: charge.id, amount: amount.value, createdAt: now };
  charge.refunds.push(refund);
  recordEvent(state, 'charge.refunded', charge, refund);
  const reply = ok(refundJson(refund), 201);
  return amount.value === SANDBOX_MAGIC_AMOUNTS.refundThenHang ? { ...reply, delayMs: state.hangMs } : reply;
}

/**
 * POST /v1/charges/:id/void: cancels a charge before money moves. A card
 * charge can be voided the day (UTC) it was made and before any refund (the
 * batch closes at midnight); an e-check until it settles.
 */
export function voidCharge(state: SandboxState, chargeId: string): Reply {
  const charge = state.charges.get(chargeId);
  if (!charge) return notFound('charge_not_found', 'No such charge.');
  const now = state.clock.now();
  const refusal = voidRefusal(charge, now, state);
  if (refusal) return conflict('charge_not_voidable', refusal);
  charge.voidedAt = now;
  recordEvent(state, 'charge.voided', charge);
  const reply = ok(chargeJson(state, charge));
  return charge.amount === SANDBOX_MAGIC_AMOUNTS.voidThenHang ? { ...reply, delayMs: state.hangMs } : reply;
}

function voidRefusal(charge: ChargeRecord, now: Date, delays: BankDelays): string | null {
  switch (chargeStatusAt(charge, now, delays).status) {
    case 'PENDING_SETTLEMENT':
      return null;
    case 'CAPTURED':
      if (charge.refunds.length > 0) return 'This charge has refunds: refund the rest instead of voiding it.';
      // As a refund is refused: the card holder's bank took the money back already; a void would give it back twice.
      if (charge.disputes.some((dispute) => dispute.status !== 'won')) return 'This charge is disputed; its money already went back to the card holder.';
      if (utcDay(charge.createdAt) !== utcDay(now)) return 'A card charge can be voided only on the day (UTC) it was made: refund it instead.';
      return null;
    case 'SETTLED':
      return 'This e-check has settled: refund it instead.';
    case 'RETURNED':
      return 'This e-check was returned by the bank.';
    case 'VOIDED':
      return 'This charge is already voided.';
  }
}

function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** `{ token }` (spent by a successful charge) or `{ profileId, methodId }` (reusable). */
function resolveSource(state: SandboxState, source: unknown): Parsed<{ instrument: Instrument; token: TokenRecord | null }> {
  if (isJsonObject(source) && 'token' in source) {
    const token = findUnusedToken(state, source.token, 'source.token');
    return 'reply' in token ? token : { value: { instrument: token.value.instrument, token: token.value } };
  }
  if (isJsonObject(source) && 'methodId' in source) {
    const method = findChargeableMethod(state, source.profileId, source.methodId);
    return 'reply' in method ? method : { value: { instrument: method.value.instrument, token: null } };
  }
  return { reply: invalid('invalid_source', 'source is { token } or { profileId, methodId }.', 'source') };
}
