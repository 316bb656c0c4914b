import type { EventMatch, PlatformEvent } from '@platform/api';
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

/**
 * The final cursor of a city's latest event that is one of `matches` (null before the first): a cursor a reader of
 * that feed is handed. One statement, the database testing each event back from the end along the cursor index, so
 * nothing but the answer leaves it however many events of other kinds came after.
 */
export async function latestCursorOf(db: DataSource, tenantId: string, matches: readonly EventMatch[]): Promise<string | null> {
  if (matches.length === 0) return null;
  const params = matches.flatMap((match) => [`${match.typePrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, JSON.stringify(match.payload ?? {})]);
  // A plain OR the planner sees whole (not a join against a list), so it walks the cursor index back and stops at the first.
  const anyMatch = matches.map((_, i) => `(e.type LIKE $${2 * i + 1} AND e.payload @> $${2 * i + 2}::jsonb)`).join(' OR ');
  const [row] = await withTenant({ db, tenant: { id: tenantId } }, (manager) =>
    // By the column, e.cursor, not the text the answer names `cursor`: text sorts a shorter cursor above a longer one.
    manager.query<{ cursor: string }[]>(`SELECT e.cursor::text AS cursor FROM events e WHERE e.cursor < ${HORIZON} AND (${anyMatch}) ORDER BY e.cursor DESC LIMIT 1`, params),
  );
  return row?.cursor ?? null;
}
