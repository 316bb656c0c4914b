/*
 * The payment board's rows: one per payment, newest first, each showing the
 * status of the payment's latest event. Pure, so it is unit-tested; the board
 * applies the feed's events to it in batches (one per animation frame), which
 * keeps thousands of replayed events from rendering thousands of times.
 */

interface BoardMethod {
  /** CARD, BANK_ACCOUNT, or a kind this page does not know yet (shown by its name). */
  readonly kind: string;
  readonly brand: string | null;
  readonly last4: string;
}

/** What the board needs of one event of the payment feed. */
export interface BoardEvent {
  readonly cursor: string;
  readonly paymentId: string;
  readonly confirmationNumber: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly occurredAt: string;
  /** The amount charged, formatted by the API. */
  readonly total: string;
  /** Null when the event does not carry it (events written before events carried it). */
  readonly madeAt: string | null;
  readonly method: BoardMethod | null;
  /** WEB, PHONE, COUNTER, AUTOPAY (or a newer one); null or absent when the event does not carry it. */
  readonly channel?: string | null;
  /** The accounts paid, masked: on a payment's first event only. */
  readonly accounts: readonly string[] | null;
}

export interface BoardRow {
  readonly id: string;
  /** The cursor of the payment's latest event: a new one (a status, or a further refund that keeps it) means its details changed. */
  readonly lastEvent: string;
  readonly confirmationNumber: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly total: string;
  readonly madeAt: string;
  readonly method: BoardMethod | null;
  readonly channel: string | null;
  readonly accounts: readonly string[];
}

export interface Board {
  readonly rows: ReadonlyMap<string, BoardRow>;
  /** Payment ids, newest first (by when the feed first showed them). */
  readonly order: readonly string[];
}

export const EMPTY_BOARD: Board = { rows: new Map(), order: [] };

/** The board after `events` (in feed order), and which payments they added. */
export function applyEvents(board: Board, events: readonly BoardEvent[]): { board: Board; added: readonly string[] } {
  if (events.length === 0) return { board, added: [] };
  const rows = new Map(board.rows);
  const added: string[] = [];
  for (const event of events) {
    const known = rows.get(event.paymentId);
    if (!known) added.push(event.paymentId);
    rows.set(event.paymentId, {
      id: event.paymentId,
      lastEvent: event.cursor,
      confirmationNumber: event.confirmationNumber,
      status: event.status,
      statusLabel: event.statusLabel,
      total: event.total,
      madeAt: event.madeAt ?? known?.madeAt ?? event.occurredAt,
      method: event.method ?? known?.method ?? null,
      channel: event.channel ?? known?.channel ?? null,
      accounts: event.accounts ?? known?.accounts ?? [],
    });
  }
  const order = added.length > 0 ? [...added].reverse().concat(board.order) : board.order;
  return { board: { rows, order }, added };
}

export interface BoardFilter {
  /** A status, or null for all. */
  readonly status: string | null;
  /** A method kind, or null for all. */
  readonly methodKind: string | null;
}

/** The rows that pass the filter, newest first, and how many there are; only the first `limit` are returned. */
export function visibleRows(board: Board, filter: BoardFilter, limit: number): { rows: readonly BoardRow[]; total: number } {
  const rows: BoardRow[] = [];
  let total = 0;
  for (const id of board.order) {
    const row = board.rows.get(id)!;
    if (filter.status !== null && row.status !== filter.status) continue;
    if (filter.methodKind !== null && row.method?.kind !== filter.methodKind) continue;
    total++;
    if (rows.length < limit) rows.push(row);
  }
  return { rows, total };
}
