import { beforeCommit } from '@platform/db';
import type { EntityManager } from 'typeorm';
import type { EventKind, JsonObject } from './event-kind';

export interface NewEvent<Payload> {
  /** What the event is about (a payment, an account), for subscribers that follow one thing. */
  readonly subjectId: string;
  /** Facts a subscriber shows, in the kind's shape; never a secret, token or card number. */
  readonly payload: Payload;
  readonly occurredAt: Date;
}

/** An event as written to the table: its type and payload already made by its kind. */
interface StoredEvent {
  readonly type: string;
  readonly subjectId: string;
  readonly payload: JsonObject;
  readonly occurredAt: Date;
}

const pending = new WeakMap<EntityManager, { readonly tenantId: string; readonly events: StoredEvent[] }>();

/**
 * Records an event of `kind` in the caller's `withTenant` transaction, so it exists
 * exactly when the change it describes does. The events of a transaction are
 * written together as its last step: taking the city's cursors locks its
 * counter row until commit (so cursors count up in commit order), and doing
 * that last means no transaction ever waits for another lock while holding
 * it, which rules out deadlocks with account and payment locks.
 */
export function appendEvent<Payload>(manager: EntityManager, tenantId: string, kind: EventKind<Payload>, event: NewEvent<Payload>): void {
  // Typed and checked now, in the writer's stack, rather than when the transaction commits.
  const stored: StoredEvent = { type: kind.typeOf(event.payload), subjectId: event.subjectId, payload: kind.encode(event.payload), occurredAt: event.occurredAt };
  let batch = pending.get(manager);
  if (!batch) {
    const created: { readonly tenantId: string; readonly events: StoredEvent[] } = { tenantId, events: [] };
    pending.set(manager, created);
    beforeCommit(manager, () => writeEvents(manager, created.tenantId, created.events));
    batch = created;
  }
  if (batch.tenantId !== tenantId) throw new Error('events of two cities in one transaction');
  batch.events.push(stored);
}

async function writeEvents(manager: EntityManager, tenantId: string, events: readonly StoredEvent[]): Promise<void> {
  const [counter] = await manager.query<{ last: string }[]>(
    `INSERT INTO event_cursors AS c (tenant_id, last_cursor) VALUES ($1, $2)
     ON CONFLICT (tenant_id) DO UPDATE SET last_cursor = c.last_cursor + $2
     RETURNING last_cursor::text AS last`,
    [tenantId, events.length],
  );
  if (!counter) throw new Error('event cursor update returned nothing');
  const first = BigInt(counter.last) - BigInt(events.length) + 1n;
  await manager.query(
    `INSERT INTO events (tenant_id, cursor, type, subject_id, payload, occurred_at)
     SELECT $1, u.cursor, u.type, u.subject_id, u.payload, u.occurred_at
       FROM unnest($2::bigint[], $3::text[], $4::uuid[], $5::jsonb[], $6::timestamptz[]) AS u (cursor, type, subject_id, payload, occurred_at)`,
    [
      tenantId,
      events.map((_, i) => (first + BigInt(i)).toString()),
      events.map((e) => e.type),
      events.map((e) => e.subjectId),
      events.map((e) => JSON.stringify(e.payload)),
      events.map((e) => e.occurredAt),
    ],
  );
}
