import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { DomainError, ErrorCode, isUuid, translate, type Locale } from '@platform/core';
import { unsafeTextPath } from '../safe-text';

/*
 * One cursor codec for every list. A cursor is opaque to clients: the key
 * of the last row of a page (a timestamp and an id, say), encoded as
 * base64url JSON after the list's name and a digest of the scope it was
 * given out in. A list takes back only cursors it gave out: one of another
 * list, another city or another parent (another account's ledger, say), or
 * one tampered with, decodes to null (the resolver then says "bad cursor"),
 * so it never serves some other page, and never reaches SQL as junk.
 * Cursors are not signed: a client who rewrites the key of its own cursor
 * only moves within rows it may read, and each part is still checked. Nor
 * sealed: whoever holds one reads its key, so a key is never a number every
 * city's rows share (a global sequence would tell how many rows all the
 * cities wrote between two cursors); a list ordered by one keys its cursor
 * by the row's id and finds the row's place in the query.
 */

/** What a cursor part is, and the type it decodes to. */
type PartKinds = {
  /** A Date, kept to the millisecond. */
  timestamp: Date;
  /** A UUID, lower-case. */
  uuid: string;
  /** Text PostgreSQL can compare: no NUL character, no unpaired surrogate. */
  text: string;
};
type PartKind = keyof PartKinds;

/**
 * Where a cursor was given out, and so the only place it is taken back: the
 * request's city and, for a list that hangs off one record, that record's id
 * (the account of a `ledger`, the run of its `outcomes`, the payer of their own payments).
 */
interface CursorScope {
  readonly tenantId: string;
  readonly parentId?: string | null;
}

/** One list's cursors, before a scope is chosen: `paymentCursor.within({ tenantId })`. */
export interface ListCursors<Parts extends readonly unknown[]> {
  within(scope: CursorScope): CursorCodec<Parts>;
}

/** The cursors of one list in one scope. */
export interface CursorCodec<Parts extends readonly unknown[]> {
  encode(parts: Parts): string;
  /** The parts, or null when `cursor` is not one this list gave out in this scope. */
  decode(cursor: string): Parts | null;
}

const MAX_CURSOR_LENGTH = 500;

/**
 * The cursors of the list named `list` (unique among lists, e.g. its GraphQL
 * field), made of `kinds`, in order: `cursorCodec('payments', 'timestamp', 'uuid')`.
 */
export function cursorCodec<const Kinds extends readonly PartKind[]>(list: string, ...kinds: Kinds): ListCursors<{ [I in keyof Kinds]: PartKinds[Kinds[I]] }> {
  type Parts = { [I in keyof Kinds]: PartKinds[Kinds[I]] };
  return {
    within(scope: CursorScope): CursorCodec<Parts> {
      const place = scopeDigest(list, scope);
      return {
        encode(parts: Parts): string {
          const wire = [list, place, ...kinds.map((kind, index) => toWire(kind, (parts as readonly unknown[])[index]))];
          return Buffer.from(JSON.stringify(wire)).toString('base64url');
        },
        decode(cursor: string): Parts | null {
          if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(cursor)) return null;
          let wire: unknown;
          try {
            wire = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
          } catch {
            return null;
          }
          if (!Array.isArray(wire) || wire.length !== kinds.length + 2 || wire[0] !== list || wire[1] !== place) return null;
          const parts = kinds.map((kind, index) => fromWire(kind, wire[index + 2]));
          return parts.includes(undefined) ? null : (parts as unknown as Parts);
        },
      };
    },
  };
}

/** The list and scope as a short digest, so a cursor does not spell out the city's or the record's id. */
function scopeDigest(list: string, scope: CursorScope): string {
  return createHash('sha256')
    .update(JSON.stringify([list, scope.tenantId, scope.parentId ?? null]))
    .digest('base64url')
    .slice(0, 22);
}

function toWire(kind: PartKind, value: unknown): string {
  if (kind === 'timestamp') return (value as Date).toISOString();
  return value as string;
}

function fromWire(kind: PartKind, value: unknown): PartKinds[PartKind] | undefined {
  if (typeof value !== 'string') return undefined;
  if (kind === 'timestamp') {
    // Four-digit years only: JavaScript reads years PostgreSQL cannot hold (-271821, +275760), which would fail the query.
    const date = /^\d{4}-/.test(value) ? new Date(value) : null;
    return date === null || Number.isNaN(date.getTime()) || date.toISOString() !== value ? undefined : date;
  }
  if (kind === 'uuid') return isUuid(value) && value === value.toLowerCase() ? value : undefined;
  // Text PostgreSQL refuses would fail the query; the edge refuses it in arguments, but a cursor hides it until decoded.
  return unsafeTextPath(value) === null ? value : undefined;
}

/**
 * A list's `after` argument as its codec's parts: null for the first page.
 * A cursor this list did not give out in this scope is the client's bug, refused as
 * BAD_USER_INPUT (reason INVALID_CURSOR) rather than quietly serving page one.
 */
export function decodeAfter<Parts extends readonly unknown[]>(codec: CursorCodec<Parts>, after: string | null | undefined, locale: Locale): Parts | null {
  if (after === null || after === undefined) return null;
  const parts = codec.decode(after);
  if (!parts) throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(locale, 'error.badCursor'), { reason: 'INVALID_CURSOR' });
  return parts;
}
