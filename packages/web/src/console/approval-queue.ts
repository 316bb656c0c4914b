/*
 * The refunds and voids awaiting a second administrator, from the givingBackApprovals feed: a request is open while
 * its latest event is AWAITING, and leaves the queue once approved, declined or expired. Pure, so it is unit-tested.
 */

export interface ApprovalEvent {
  readonly cursor: string;
  readonly id: string;
  readonly paymentId: string;
  readonly confirmationNumber: string;
  readonly kind: string;
  readonly status: string;
  readonly amount: { readonly formatted: string };
  readonly reason: string;
  readonly requestedBy: string;
  /** Who asked, by name and email (null: the user is gone). */
  readonly requester?: { readonly name?: string | null; readonly email?: string | null } | null;
  readonly requestedAt: string;
  /** When it expires undecided (null once it no longer awaits). */
  readonly expiresAt?: string | null;
  /** The viewer asked for it, so may not decide it. */
  readonly mine: boolean;
}

/** Open requests by id, in the order they were asked (oldest first). */
export type ApprovalQueue = ReadonlyMap<string, ApprovalEvent>;

export function applyApprovalEvent(queue: ApprovalQueue, event: ApprovalEvent): ApprovalQueue {
  const next = new Map(queue);
  if (event.status === 'AWAITING') next.set(event.id, event);
  else next.delete(event.id);
  return next;
}
