import type { PlatformEvent } from '@platform/api';
import { withTenant } from '@platform/db';
import type { DataSource } from 'typeorm';

/*
 * Why readers stop at a horizon. A cursor is the writing transaction's id
 * times 2^64 plus a sequence (append-event.ts), taken without any lock, so
 * transactions commit out of cursor order: cursor 7 may commit while cursor 5
 * is still running. A reader that went past 7 would never see 5. So readers
 * only return events of transactions older than the oldest one still running
 * (pg_snapshot_xmin of the statement's own snapshot): each of those has
 * committed or rolled back, and every transaction that starts later gets a
 * larger id, so the events below the horizon are final and their order never
 * changes once seen. The price: one long writing transaction anywhere in the
 * database holds back live events until it ends (an import's seconds), and
 * readers look again shortly while events wait above the horizon (`heldBack`).
 * The other known design, a single writer per city ordering commits, keeps a
 * serialization point, which is what this removes.
 */
const HORIZON = `pg_snapshot_xmin(pg_current_snapshot())::text::numeric * 18446744073709551616`;

interface EventRow {
  readonly cursor: string;
  readonly type: string;
  readonly subject_id: string;
  readonly payload: unknown;
  readonly occurred_at: Date;
}

const toPlatformEvent = (row: EventRow): PlatformEvent => ({ cursor: row.cursor, type: row.type, subjectId: row.subject_id, payload: row.payload, occurredAt: row.occurred_at });

export interface EventPage {
  /** Final events after the cursor, oldest first. */
  readonly events: PlatformEvent[];
  /** A full page: read again after the last event. */
  readonly more: boolean;
  /** Committed events wait above the horizon: read again soon, once older transactions end. */
  readonly heldBack: boolean;
}

/** A city's final events after a cursor (of one subject, if given), oldest first, through row-level security. */
export async function readEventsAfter(db: DataSource, tenantId: string, after: bigint, limit: number, subjectId?: string): Promise<EventPage> {
  const rows = await withTenant({ db, tenant: { id: tenantId } }, (manager) =>
    manager.query<(EventRow & { final: boolean })[]>(
      `SELECT e.cursor::text AS cursor, e.type, e.subject_id, e.payload, e.occurred_at, e.cursor < ${HORIZON} AS final FROM events e
        WHERE e.cursor > $1::numeric AND ($3::uuid IS NULL OR e.subject_id = $3) ORDER BY e.cursor LIMIT $2`,
      [after.toString(), limit, subjectId ?? null],
    ),
  );
  // Final rows are a prefix: the horizon is one cursor for the whole statement.
  const finalRows = rows.filter((row) => row.final);
  return {
    events: finalRows.map(toPlatformEvent),
    more: rows.length === limit && finalRows.length === rows.length,
    heldBack: finalRows.length < rows.length,
  };
}

/** Whether a cursor is below the horizon, which every cursor a reader was given is (EventFeed.isCursorOf). */
export async function isBelowHorizon(db: DataSource, cursor: bigint): Promise<boolean> {
  const [row] = await db.query<{ below: boolean }[]>(`SELECT $1::numeric < ${HORIZON} AS below`, [cursor.toString()]);
  return row?.below === true;
}

/** The last final cursor of a city (0 before its first event): following live from here misses nothing. */
export async function latestCursor(db: DataSource, tenantId: string): Promise<bigint> {
  const [row] = await withTenant({ db, tenant: { id: tenantId } }, (manager) =>
    manager.query<{ cursor: string }[]>(`SELECT coalesce(max(cursor), 0)::text AS cursor FROM events WHERE cursor < ${HORIZON}`),
  );
  return BigInt(row?.cursor ?? '0');
}

/** Events read at a time while looking back for the latest one a feed's `accept` keeps. */
const LOOK_BACK_PAGE = 200;

/**
 * The final cursor of a city's latest event of these kinds that `accept` keeps (null before the first): a cursor a
 * reader of that feed is handed. Walks the cursor index back from the end, a page at a time while `accept` keeps none.
 */
export async function latestCursorOf(db: DataSource, tenantId: string, typePrefixes: readonly string[], accept?: (event: PlatformEvent) => boolean): Promise<string | null> {
  const patterns = typePrefixes.map((prefix) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  let before: string | null = null;
  for (;;) {
    const rows: EventRow[] = await withTenant({ db, tenant: { id: tenantId } }, (manager) =>
      manager.query(
        `SELECT cursor::text AS cursor, type, subject_id, payload, occurred_at FROM events
          WHERE type LIKE ANY($1::text[]) AND cursor < ${HORIZON} AND ($2::numeric IS NULL OR cursor < $2::numeric) ORDER BY cursor DESC LIMIT $3`,
        [patterns, before, accept ? LOOK_BACK_PAGE : 1],
      ),
    );
    const kept = rows.find((row) => !accept || accept(toPlatformEvent(row)));
    if (kept) return kept.cursor;
    if (rows.length < LOOK_BACK_PAGE || !accept) return null;
    before = rows.at(-1)!.cursor;
  }
}
