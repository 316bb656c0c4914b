import { chargeJson, chargeStatusAt, disputeJson, refundJson } from './charge-status';
import { randomId } from './ids';
import { invalid, ok, type Reply } from './reply';
import type { ChargeRecord, DisputeRecord, EventRecord, EventType, RefundRecord, SandboxState } from './sandbox-state';

/*
 * The processor's event feed, as Stripe's GET /v1/events: what happened to
 * charges after they were made (a refund, a void, an e-check's return, a
 * card holder's dispute opened and closed),
 * whoever asked for it, this API or the dashboard. Read in order, a page after
 * the last event seen, it is how a platform learns of what it did not ask for.
 * Each event carries the charge as it stood just then: its refunded total
 * counts every refund up to and including this one.
 */

const DEFAULT_PAGE = 100;
const MAX_PAGE = 100;

/** Records an event about `charge`, as it stands now (its refund or void already made), at the end of the feed. */
export function recordEvent(state: SandboxState, type: EventType, charge: ChargeRecord, refund: RefundRecord | null = null, at: Date = state.clock.now(), dispute: DisputeRecord | null = null): void {
  const body = { charge: chargeJson(state, charge), refund: refund ? refundJson(refund) : null, dispute: dispute ? disputeJson(dispute) : null };
  const event: EventRecord = { id: randomId('evt'), type, createdAt: at, body };
  state.eventPositions.set(event.id, state.events.length);
  state.events.push(event);
}

/**
 * Records the return of each e-check whose bank has sent it back by now. A
 * return is derived from the clock (chargeStatusAt), not made by a request, so
 * it enters the feed when the sandbox next answers anything: before the
 * request's own events, and dated when the bank returned it.
 */
export function recordBankReturns(state: SandboxState): void {
  const now = state.clock.now();
  for (const charge of state.echecksAwaitingReturn) {
    const { status } = chargeStatusAt(charge, now, state);
    if (status === 'VOIDED') state.echecksAwaitingReturn.delete(charge);
    if (status !== 'RETURNED') continue;
    state.echecksAwaitingReturn.delete(charge);
    recordEvent(state, 'charge.returned', charge, null, returnedAt(charge, state));
  }
}

/** When the bank returned an e-check that chargeStatusAt says is RETURNED. */
function returnedAt(charge: ChargeRecord, state: SandboxState): Date {
  const settlesAt = charge.createdAt.getTime() + state.settlementDelayMs;
  const late = charge.instrument.kind === 'BANK_ACCOUNT' && charge.instrument.standing.exists && charge.instrument.standing.afterSettling;
  return new Date(late ? settlesAt + state.lateReturnDelayMs : settlesAt);
}

/** GET /v1/events?after=<event id>&limit=<1-100>: the events after `after` (from the first without it), oldest first. */
export function listEvents(state: SandboxState, query: URLSearchParams): Reply {
  const after = query.get('after');
  const start = after === null ? 0 : state.eventPositions.get(after);
  if (start === undefined) return invalid('event_not_found', 'after names no event of this account.', 'after');
  const limitText = query.get('limit') ?? String(DEFAULT_PAGE);
  const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : 0;
  if (limit < 1 || limit > MAX_PAGE) return invalid('invalid_limit', `limit is a whole number from 1 to ${MAX_PAGE}.`, 'limit');
  const from = after === null ? 0 : start + 1;
  const page = state.events.slice(from, from + limit);
  return ok({
    data: page.map((event) => ({ id: event.id, type: event.type, createdAt: event.createdAt.toISOString(), ...event.body })),
    hasMore: from + page.length < state.events.length,
  });
}
