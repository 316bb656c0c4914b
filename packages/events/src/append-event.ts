import type { EntityManager } from 'typeorm';

export interface NewEvent {
  /** e.g. "payment.captured", "account.restoration_requested". */
  readonly type: string;
  /** What the event is about (a payment, an account), for subscribers that follow one thing. */
  readonly subjectId: string;
  /** Facts a subscriber shows; never a secret, token or card number. */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly occurredAt: Date;
}

/**
 * Records an event in the caller's transaction, so it exists exactly when the
 * change it describes does, and returns its cursor. Cursors count up per city
 * without gaps, in commit order: the counter row stays locked until commit.
 */
export async function appendEvent(manager: EntityManager, tenantId: string, event: NewEvent): Promise<string> {
  const [counter] = await manager.query<{ cursor: string }[]>(
    `INSERT INTO event_cursors AS c (tenant_id, last_cursor) VALUES ($1, 1)
     ON CONFLICT (tenant_id) DO UPDATE SET last_cursor = c.last_cursor + 1
     RETURNING last_cursor::text AS cursor`,
    [tenantId],
  );
  if (!counter) throw new Error('event cursor update returned nothing');
  await manager.query('INSERT INTO events (tenant_id, cursor, type, subject_id, payload, occurred_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    tenantId,
    counter.cursor,
    event.type,
    event.subjectId,
    JSON.stringify(event.payload),
    event.occurredAt,
  ]);
  return counter.cursor;
}
