import type { PlatformEvent } from '@platform/api';
import { withTenant } from '@platform/db';
import type { DataSource } from 'typeorm';

/** A city's events after a cursor (of one subject, if given), oldest first, through row-level security. */
export async function readEventsAfter(db: DataSource, tenantId: string, after: bigint, limit: number, subjectId?: string): Promise<PlatformEvent[]> {
  const rows = await withTenant({ db, tenant: { id: tenantId } }, (manager) =>
    manager.query<{ cursor: string; type: string; subject_id: string; payload: unknown; occurred_at: Date }[]>(
      `SELECT e.cursor::text AS cursor, e.type, e.subject_id, e.payload, e.occurred_at FROM events e
        WHERE e.cursor > $1 AND ($3::uuid IS NULL OR e.subject_id = $3) ORDER BY e.cursor LIMIT $2`,
      [after.toString(), limit, subjectId ?? null],
    ),
  );
  return rows.map((row) => ({ cursor: row.cursor, type: row.type, subjectId: row.subject_id, payload: row.payload, occurredAt: row.occurred_at }));
}

/** The last cursor a city has used (0 before its first event). */
export async function latestCursor(db: DataSource, tenantId: string): Promise<bigint> {
  const [row] = await withTenant({ db, tenant: { id: tenantId } }, (manager) => manager.query<{ cursor: string }[]>('SELECT coalesce(max(cursor), 0)::text AS cursor FROM events'));
  return BigInt(row?.cursor ?? '0');
}

/** The cursor of a city's latest event of these kinds (null before the first); walks the cursor index back from the end. */
export async function latestCursorOf(db: DataSource, tenantId: string, typePrefixes: readonly string[]): Promise<string | null> {
  const patterns = typePrefixes.map((prefix) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const [row] = await withTenant({ db, tenant: { id: tenantId } }, (manager) =>
    manager.query<{ cursor: string }[]>('SELECT cursor::text AS cursor FROM events WHERE type LIKE ANY($1::text[]) ORDER BY cursor DESC LIMIT 1', [patterns]),
  );
  return row?.cursor ?? null;
}
