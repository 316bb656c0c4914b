import type { PlatformEvent } from '@platform/api';
import { z } from 'zod';

/** What a payload is stored as (the events table's jsonb column). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * One kind of event, shared by the service that writes it and the
 * subscriptions that read it: the payload is written through the kind's
 * schema and read back checked against the same schema, so the two sides
 * cannot drift and no reader casts. A kind may be a family of types that
 * share a prefix ("payment.captured", "payment.posted": the status is in the
 * payload and in the type, so subscribers filter on the type alone).
 */
export interface EventKind<Payload> {
  /** Every type of this kind starts with it, e.g. "payment."; no other kind's does. */
  readonly typePrefix: string;
  /** The type an event with this payload is recorded under, e.g. "payment.captured". */
  typeOf(payload: Payload): string;
  /** The payload as stored; throws when it does not fit the schema (a bug in the writer). */
  encode(payload: Payload): JsonObject;
  /** Whether `event` is of this kind. */
  includes(event: PlatformEvent): boolean;
  /** The payload of an event of this kind, checked against the schema and its type; throws for another kind's event or a payload that does not fit. */
  read(event: PlatformEvent): Payload;
}

export interface EventKindDefinition<Schema extends z.ZodType<unknown, JsonObject>> {
  readonly typePrefix: string;
  readonly typeOf: (payload: z.output<Schema>) => string;
  /**
   * The payload's schema. Its input is what is stored, its output what code
   * sees: a value JSON cannot hold (a bigint of cents) is a `z.codec`, which
   * works both ways, never a one-way transform.
   */
  readonly payload: Schema;
}

/** Declares an event kind: `defineEventKind({ typePrefix: 'payment.', typeOf: (p) => ..., payload: z.object({...}) })`. */
export function defineEventKind<Schema extends z.ZodType<unknown, JsonObject>>(definition: EventKindDefinition<Schema>): EventKind<z.output<Schema>> {
  type Payload = z.output<Schema>;
  const { typePrefix, payload: schema } = definition;
  const includes = (event: PlatformEvent) => event.type.startsWith(typePrefix);
  return {
    typePrefix,
    typeOf(payload: Payload): string {
      const type = definition.typeOf(payload);
      if (!type.startsWith(typePrefix) || type.length === typePrefix.length) throw new Error(`event type "${type}" is not of the kind "${typePrefix}"`);
      return type;
    },
    encode: (payload: Payload): JsonObject => z.encode(schema, payload),
    includes,
    read(event: PlatformEvent): Payload {
      if (!includes(event)) throw new Error(`event ${event.cursor} is a "${event.type}", not a "${typePrefix}" event`);
      const parsed = schema.safeParse(event.payload);
      if (!parsed.success) throw new Error(`event ${event.cursor} ("${event.type}") has a payload that does not fit its kind: ${z.prettifyError(parsed.error)}`);
      if (definition.typeOf(parsed.data) !== event.type) throw new Error(`event ${event.cursor} is a "${event.type}" whose payload says "${definition.typeOf(parsed.data)}"`);
      return parsed.data;
    },
  };
}
