import type { RestorationBlock } from '../gql/graphql';

/*
 * The open restoration requests, from the restorationRequests feed: a request
 * is open while its latest event leaves the account RESTORATION_PENDING
 * (opened, or its payment posted) and leaves the queue on any other (approved,
 * payment returned, account closed). Pure, so it is unit-tested.
 */

export interface RestorationEvent {
  readonly cursor: string;
  readonly occurredAt: string;
  readonly serviceAccountId: string;
  readonly accountNumber: string;
  readonly to: string;
  readonly reason: string;
  readonly approvable: boolean;
  /** What approval waits for while not approvable (RestorationBlock): NOT_POSTED, AWAITING_BANK, OWED_AGAIN, or SECOND_STAFF (this viewer took its payment). */
  readonly blockedBy: RestorationBlock | null;
  readonly payment: { readonly id: string; readonly confirmationNumber: string; readonly status: string; readonly statusLabel: string; readonly total: { readonly formatted: string } } | null;
}

export interface OpenRequest {
  readonly serviceAccountId: string;
  readonly accountNumber: string;
  /** When the request opened. */
  readonly requestedAt: string;
  readonly approvable: boolean;
  readonly blockedBy: RestorationBlock | null;
  readonly payment: RestorationEvent['payment'];
}

/** Open requests by account, in the order they opened (oldest first: first come, first restored). */
export type RestorationQueue = ReadonlyMap<string, OpenRequest>;

export function applyRestorationEvent(queue: RestorationQueue, event: RestorationEvent): RestorationQueue {
  const next = new Map(queue);
  if (event.to !== 'RESTORATION_PENDING') {
    next.delete(event.serviceAccountId);
    return next;
  }
  const known = queue.get(event.serviceAccountId);
  next.set(event.serviceAccountId, {
    serviceAccountId: event.serviceAccountId,
    accountNumber: event.accountNumber,
    requestedAt: known?.requestedAt ?? event.occurredAt,
    approvable: event.approvable,
    blockedBy: event.blockedBy,
    payment: event.payment ?? known?.payment ?? null,
  });
  return next;
}
