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
  /**
   * Whether `cursor` is below the horizon readers stop at: every cursor the
   * feed gave out was when it was given, and the horizon only rises, so one
   * above it was never given out (mistyped, or kept from a database since
   * restored under lower transaction ids). Followed, such a cursor would
   * show nothing ever: every new event is "at or before" it.
   */
  isBelowHorizon(cursor: string): Promise<boolean>;
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
 * A subscription's `after`, checked before it is followed: an event cursor is
 * a decimal number of at most 40 digits (a transaction id times 2^64 plus a
 * sequence; see @platform/events) below the feed's horizon. Anything else is
 * BAD_USER_INPUT (reason INVALID_CURSOR, as a list's cursor is refused), so a
 * client starts again rather than wait on a cursor no event will pass.
 */
export async function eventCursorAfter(events: EventFeed, after: string | null | undefined, locale: Locale): Promise<string | null> {
  if (after === null || after === undefined) return null;
  if (!/^\d{1,40}$/.test(after) || !(await events.isBelowHorizon(after))) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(locale, 'events.badCursor'), { reason: 'INVALID_CURSOR' });
  }
  return after;
}
