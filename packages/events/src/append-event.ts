import { beforeCommit, notifyAfterCommit, notifyCommitted, runPrepared, type PreparedStatement } from '@platform/db';
import type { DataSource } from 'typeorm';
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
 * written together in one statement as its last step. Nothing is locked: the
 * cursor is the transaction's id and a global sequence (see the migration
 * 1763801000000), so a city's transactions never queue behind each other
 * here; readers make the order final (read-events.ts).
 */
export function appendEvent<Payload>(manager: EntityManager, tenantId: string, kind: EventKind<Payload>, event: NewEvent<Payload>): void {
  // Typed and checked now, in the writer's stack, rather than when the transaction commits.
  const stored: StoredEvent = { type: kind.typeOf(event.payload), subjectId: event.subjectId, payload: kind.encode(event.payload), occurredAt: event.occurredAt };
  let batch = pending.get(manager);
  if (!batch) {
    const created: { readonly tenantId: string; readonly events: StoredEvent[] } = { tenantId, events: [] };
    pending.set(manager, created);
    beforeCommit(manager, () => writeEvents(manager, created.tenantId, created.events));
    // Wakes the event hubs (LISTEN platform_events) once the city's events have committed; hubs also poll.
    notifyAfterCommit(manager, 'platform_events', created.tenantId);
    batch = created;
  }
  if (batch.tenantId !== tenantId) throw new Error('events of two cities in one transaction');
  batch.events.push(stored);
}

/**
 * An event the caller writes itself, as part of a statement it sends anyway
 * (one round trip fewer than appendEvent's batch at commit): `INSERT INTO
 * events (tenant_id, cursor, type, subject_id, payload, occurred_at)` with
 * EVENT_CURSOR as the cursor and the `type` and `payload` (jsonb text) given
 * here. Announced after commit like appendEvent's. Within one transaction
 * cursors follow the order rows reach the table, and appendEvent's batch is
 * written last: so write inline an event that must come first, never one that
 * must follow an event already appended to the batch.
 */
export function inlineEvent<Payload>(manager: EntityManager, tenantId: string, kind: EventKind<Payload>, payload: Payload): InlineEvent {
  notifyAfterCommit(manager, 'platform_events', tenantId);
  return encodeEvent(kind, payload);
}

/** An event's row values for a statement that inserts it itself. */
export interface InlineEvent {
  readonly type: string;
  /** The payload as jsonb text. */
  readonly payload: string;
}

/** The type and stored payload of an event of `kind`, for a statement that inserts it outside withTenant (tenantRoundTrip): announce it with announceEvents once committed. */
export function encodeEvent<Payload>(kind: EventKind<Payload>, payload: Payload): InlineEvent {
  return { type: kind.typeOf(payload), payload: JSON.stringify(kind.encode(payload)) };
}

/** Wakes the event hubs for a city whose events a transaction outside withTenant has just committed. */
export function announceEvents(db: DataSource, tenantId: string): void {
  notifyCommitted(db, 'platform_events', tenantId);
}

/** The cursor of an event row a statement inserts itself (see inlineEvent and the migration 1763801000000). */
export const EVENT_CURSOR = `pg_current_xact_id()::text::numeric * 18446744073709551616 + nextval('event_sequence')`;

/**
 * Cursor = pg_current_xact_id() * 2^64 + nextval: the ids of one transaction
 * are consecutive in the order written (the rows reach nextval in ordinality
 * order), and any transaction id sorts all of its events together.
 */
async function writeEvents(manager: EntityManager, tenantId: string, events: readonly StoredEvent[]): Promise<void> {
  await runPrepared(manager, INSERT_EVENTS, [tenantId, events.map((e) => e.type), events.map((e) => e.subjectId), events.map((e) => JSON.stringify(e.payload)), events.map((e) => e.occurredAt)]);
}

/** Written by nearly every transaction that changes something, so prepared once per connection. */
const INSERT_EVENTS: PreparedStatement = {
  name: 'events.insert',
  text: `INSERT INTO events (tenant_id, cursor, type, subject_id, payload, occurred_at)
     SELECT $1, ${EVENT_CURSOR}, u.type, u.subject_id, u.payload, u.occurred_at
       FROM (SELECT * FROM unnest($2::text[], $3::uuid[], $4::jsonb[], $5::timestamptz[]) WITH ORDINALITY AS u (type, subject_id, payload, occurred_at, n) ORDER BY n) AS u`,
};
