import { DomainError, ErrorCode, translate, type Locale } from '@platform/core';
import type { EventMatch } from './event-match';

/** A state change as subscribers receive it (see @platform/events). */
export interface PlatformEvent {
  /**
   * Inside the platform, decimal digits: within a city cursors only ever
   * increase, and an event becomes visible only once no event with a lower
   * cursor can still appear. A subscriber gets it sealed for its city
   * (EventFeed.follow): opaque, saying nothing of order; it passes the last
   * one seen as `after` to resume.
   */
  readonly cursor: string;
  readonly type: string;
  readonly subjectId: string;
  /** As stored: read it through its kind (`EventKind.read` in @platform/events), which checks its shape. */
  readonly payload: unknown;
  readonly occurredAt: Date;
}

/** Where a subscriber starts: from now (live only), from the city's first event, or after a cursor it was given (sealed). */
export type FollowFrom = 'NOW' | 'START' | { readonly after: string };

export interface FollowOptions {
  /** Replays what is before now first (from the start, or after a cursor), then goes live. */
  readonly from: FollowFrom;
  /** Keep only events whose type starts with one of these, e.g. "payment.". */
  readonly typePrefixes: readonly string[];
  readonly subjectId?: string;
  /** A further test on each event (e.g. "status changes into or out of RESTORATION_PENDING"). */
  readonly accept?: (event: PlatformEvent) => boolean;
  /** Called when the subscriber falls too far behind, with the last cursor it was sent (sealed); the stream then ends. */
  readonly onOverflow: (lastDeliveredCursor: string | null) => void;
}

/**
 * A city's events, replayed and then live, with no gap and no duplicate at
 * the seam. Each gateway instance has one, fed by PostgreSQL LISTEN/NOTIFY.
 * The cursors it gives out and takes back are sealed for the city (see
 * cursor-seal.ts in @platform/events): the same event has the same cursor on
 * every instance.
 */
export interface EventFeed {
  /** The city's events as `options` say, each with its cursor sealed for the city. */
  follow(tenantId: string, options: FollowOptions): AsyncIterableIterator<PlatformEvent>;
  /**
   * The cursor (sealed) of the city's latest final event that is one of
   * `matches` (null before the first), in one query: the feed following
   * those events (their type prefixes, `accept` = matchesAny) from the start
   * hands it over, so its subscriber has caught up once it has seen it.
   */
  latestCursor(tenantId: string, matches: readonly EventMatch[]): Promise<string | null>;
  /**
   * Whether `cursor` is one the feed gave out to the city: sealed for it, and
   * below the horizon readers stop at. Every cursor the feed gave out was
   * below it when given, and the horizon only rises, so one above it was
   * never given out (kept from a database since restored under lower
   * transaction ids). Followed, such a cursor would show nothing ever: every
   * new event is "at or before" it.
   */
  isCursorOf(tenantId: string, cursor: string): Promise<boolean>;
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

/** The `after` that replays a city's feed from its first event. */
export const FROM_THE_START = '0';

/**
 * Where a subscription with this `after` starts, checked before it is
 * followed: none, live only; "0", from the city's first event; else a cursor
 * the feed gave out to the city (EventFeed.isCursorOf). Anything else is
 * BAD_USER_INPUT (reason INVALID_CURSOR, as a list's cursor is refused), so a
 * client starts again rather than wait on a cursor no event will pass.
 */
export async function followFrom(events: EventFeed, tenantId: string, after: string | null | undefined, locale: Locale): Promise<FollowFrom> {
  if (after === null || after === undefined) return 'NOW';
  if (after === FROM_THE_START) return 'START';
  if (!(await events.isCursorOf(tenantId, after))) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(locale, 'events.badCursor'), { reason: 'INVALID_CURSOR' });
  }
  return { after };
}
