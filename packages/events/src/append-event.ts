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
 * change it describes does. Returns its cursor (increasing within a city).
 */
export async function appendEvent(manager: EntityManager, tenantId: string, event: NewEvent): Promise<string> {
  const [row] = await manager.query<{ cursor: string }[]>(
    'INSERT INTO events (tenant_id, type, subject_id, payload, occurred_at) VALUES ($1, $2, $3, $4, $5) RETURNING cursor::text',
    [tenantId, event.type, event.subjectId, JSON.stringify(event.payload), event.occurredAt],
  );
  if (!row) throw new Error('event insert returned nothing');
  return row.cursor;
}
