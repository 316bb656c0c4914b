import { DomainError, ErrorCode, translate, type Locale } from '@platform/core';

/** A state change as subscribers receive it (see @platform/events). */
export interface PlatformEvent {
  /**
   * Opaque to clients (decimal digits). Within a city a subscriber gets cursors
   * only ever increasing, and an event becomes visible only once no event with
   * a lower cursor can still appear; pass the last one seen as `after` to resume.
   */
  readonly cursor: string;
  readonly type: string;
  readonly subjectId: string;
  /** As stored: read it through its kind (`EventKind.read` in @platform/events), which checks its shape. */
  readonly payload: unknown;
  readonly occurredAt: Date;
}

export interface FollowOptions {
  /** Replay every event after this cursor first, then go live; null: live only, from now. */
  readonly after: string | null;
  /** Keep only events whose type starts with one of these, e.g. "payment.". */
  readonly typePrefixes: readonly string[];
  readonly subjectId?: string;
  /** A further test on each event (e.g. "status changes into or out of RESTORATION_PENDING"). */
  readonly accept?: (event: PlatformEvent) => boolean;
  /** Called when the subscriber falls too far behind; the stream then ends. */
  readonly onOverflow: (lastDeliveredCursor: string | null) => void;
}

/**
 * A city's events, replayed and then live, with no gap and no duplicate at
 * the seam. Each gateway instance has one, fed by PostgreSQL LISTEN/NOTIFY.
 */
export interface EventFeed {
  follow(tenantId: string, options: FollowOptions): AsyncIterableIterator<PlatformEvent>;
  /**
   * The cursor of the city's latest final event whose type starts with one
   * of `typePrefixes` (null before the first): a cursor readers have reached
   * or will reach, so a subscriber replaying those kinds has caught up once
   * it has seen it.
   */
  latestCursor(tenantId: string, typePrefixes: readonly string[]): Promise<string | null>;
}

/** The WebSocket a subscription arrived on, so a subscription can end the whole connection (a too-slow reader). */
export interface SubscriptionConnection {
  close(code: number, reason: string): void;
}

/** Close code for a subscriber that fell too far behind; it reconnects and resumes with `after`. */
export const CLOSE_SUBSCRIBER_TOO_SLOW = 4410;

/** The `onOverflow` a subscription passes to `follow`: closes its connection, saying where to resume. */
export function closeWhenTooSlow(connection: SubscriptionConnection | null): (lastDeliveredCursor: string | null) => void {
  return (last) => connection?.close(CLOSE_SUBSCRIBER_TOO_SLOW, `Subscriber too slow: reconnect and resume with after: "${last ?? ''}"`);
}

/**
 * A subscription's `after`, checked before it reaches the database: an event
 * cursor is a decimal number of at most 40 digits (a transaction id times
 * 2^64 plus a sequence; see @platform/events). Anything else is BAD_USER_INPUT
 * (reason INVALID_CURSOR, as a list's cursor is refused).
 */
export function eventCursorAfter(after: string | null | undefined, locale: Locale): string | null {
  if (after === null || after === undefined) return null;
  if (!/^\d{1,40}$/.test(after)) throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(locale, 'events.badCursor'), { reason: 'INVALID_CURSOR' });
  return after;
}
