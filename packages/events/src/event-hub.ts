import { platformMetrics, type EventFeed, type EventMatch, type FollowOptions, type PlatformEvent } from '@platform/api';
import { listeningClient } from '@platform/db';
import type { Client } from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { EventCursorSeal } from './cursor-seal';
import { Follower } from './follower';
import { isBelowHorizon, latestCursor, latestCursorOf, readEventsAfter } from './read-events';

export interface EventHubOptions {
  /** The app-role DataSource: events are read through row-level security like everything else. */
  readonly db: DataSource;
  /** A connection string for the one LISTEN connection this instance holds. */
  readonly listenUrl: string;
  readonly log: Logger;
  /** The key cursors are sealed with for clients (cursor-seal.ts); every instance of a platform has the same. */
  readonly cursorSecret: Uint8Array;
  /** Events a subscriber may have waiting before it is cut off as too slow (default 1,000). */
  readonly bufferLimit?: number;
  /** A safety net under NOTIFY: how often to look for new events anyway (default 5 s). */
  readonly pollIntervalMs?: number;
  /** DATABASE_SILENCE_LIMIT_MS: how soon a LISTEN connection the database has gone silent on is given up (listening-client.ts). */
  readonly silenceLimitMs?: number;
}

/** How soon to read again while committed events wait for an older transaction to end. */
const HELD_BACK_RETRY_MS = 10;

const RECONNECT_DELAYS_MS = [100, 500, 1000, 2000, 5000];

/** Events read, and handed to a city's followers, at a time. */
const PAGE_SIZE = 500;

/**
 * How long a burst's next page waits for the city's followers to take the last one while none takes anything. A
 * follower that takes nothing for this long is cut off as too slow when the next page comes.
 */
const CATCH_UP_WAIT_MS = 2000;

/**
 * How long a burst's next page waits at most, however its followers are taking the last one: a loaded gateway
 * resolves events slowly, and a board taking them is not too slow; but the city's other followers wait for it.
 */
const CATCH_UP_LIMIT_MS = 20_000;

/** The channel the customers service's trigger announces ended sessions on, as "tenantId:sessionId". */
const SESSION_ENDED_CHANNEL = 'session_ended';

/** Told when a session ends anywhere on the platform (logout, password change, revocation). */
export type SessionEndedListener = (tenantId: string, sessionId: string) => void;

/**
 * One per gateway instance: holds a LISTEN connection, and when a city's
 * events commit (NOTIFY carries the tenant id), reads the new final rows once
 * and hands them to that city's followers on this instance. The database
 * is the record: after a dropped connection the hub reconnects (with
 * back-off) and reads whatever it missed, so no event is lost.
 */
export class EventHub implements EventFeed {
  private readonly followers = new Map<string, Set<Follower>>();
  /** Per city, the highest cursor this hub has read (always below the horizon: see read-events.ts). */
  private readonly seen = new Map<string, bigint>();
  private readonly reading = new Map<string, { again: boolean; done: Promise<void> }>();
  /** Per city, how many times in a row its new events were held back (for the back-off). */
  private readonly heldBackAttempts = new Map<string, number>();
  private client: Client | null = null;
  private stopped = false;
  private reconnectAttempt = 0;
  private poller: NodeJS.Timeout | null = null;
  private readonly sessionEndedListeners = new Set<SessionEndedListener>();
  /** Cursors as clients see them; tests read an event's place in the feed through it. */
  readonly cursors: EventCursorSeal;

  constructor(private readonly options: EventHubOptions) {
    this.cursors = new EventCursorSeal(options.cursorSecret);
  }

  async start(): Promise<void> {
    await this.connect();
    this.poller = setInterval(() => this.readAllFollowed(), this.options.pollIntervalMs ?? 5000);
    this.poller.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    for (const set of this.followers.values()) for (const follower of set) follower.end();
    this.followers.clear();
    await Promise.all([...this.reading.values()].map((r) => r.done.catch(() => undefined)));
    await this.client?.end().catch(() => undefined);
  }

  /** How many subscribers this instance feeds (for health and benchmarks). */
  get followerCount(): number {
    let count = 0;
    for (const set of this.followers.values()) count += set.size;
    return count;
  }

  /**
   * Calls `listener` for every session that ends while this hub listens;
   * returns the function that stops it. Notifications sent while the LISTEN
   * connection was down are lost: pair this with a periodic check.
   */
  onSessionEnded(listener: SessionEndedListener): () => void {
    this.sessionEndedListeners.add(listener);
    return () => this.sessionEndedListeners.delete(listener);
  }

  follow(tenantId: string, options: FollowOptions): AsyncIterableIterator<PlatformEvent> {
    const { from } = options;
    const after = from === 'NOW' ? null : from === 'START' ? 0n : this.cursors.open(tenantId, from.after);
    const follower = new Follower(
      {
        ...options,
        after,
        onOverflow: (last) => options.onOverflow(last === null ? null : this.cursors.seal(tenantId, last)),
        present: (event) => ({ ...event, cursor: this.cursors.seal(tenantId, BigInt(event.cursor)) }),
      },
      this.options.bufferLimit ?? 1000,
      () => this.followers.get(tenantId)?.delete(follower),
    );
    if (from !== 'NOW' && after === null) {
      follower.fail(new Error('a cursor not sealed for this city (check it with isCursorOf first)'));
      return follower;
    }
    void this.attach(tenantId, follower, after).catch((error: unknown) => {
      this.options.log.error({ error: describe(error), tenantId }, 'could not start an event subscription');
      follower.fail(error);
    });
    return follower;
  }

  async latestCursor(tenantId: string, matches: readonly EventMatch[]): Promise<string | null> {
    const latest = await latestCursorOf(this.options.db, tenantId, matches);
    return latest === null ? null : this.cursors.seal(tenantId, BigInt(latest));
  }

  async isCursorOf(tenantId: string, cursor: string): Promise<boolean> {
    const opened = this.cursors.open(tenantId, cursor);
    return opened !== null && (await isBelowHorizon(this.options.db, opened));
  }

  /**
   * Registers the follower first (so live events start queuing at once),
   * then replays from its cursor; the follower releases the queued live
   * events after the replay, skipping any the replay already gave it.
   */
  private async attach(tenantId: string, follower: Follower, after: bigint | null): Promise<void> {
    if (!this.seen.has(tenantId)) {
      const latest = await latestCursor(this.options.db, tenantId);
      // Kept only with a follower registered: without one the hub reads nothing of the city, so a cursor kept now would
      // go stale, and the next live-only follower would be handed, as new, every event written meanwhile.
      if (!follower.isFinished && !this.seen.has(tenantId)) this.seen.set(tenantId, latest);
    }
    // Cancelled while we were reading: never register it.
    if (follower.isFinished) return;
    let set = this.followers.get(tenantId);
    if (!set) this.followers.set(tenantId, (set = new Set()));
    set.add(follower);
    if (after === null) {
      follower.startLive(this.seen.get(tenantId)!);
      return;
    }
    let cursor = after;
    // A subscriber that follows one subject replays only that subject's events (an index), not the city's history.
    const subjectId = follower.subjectId;
    while (!follower.isFinished) {
      const page = await readEventsAfter(this.options.db, tenantId, cursor, PAGE_SIZE, subjectId);
      for (const event of page.events) follower.replay(event);
      // Events held back above the horizon come live: the hub reads them for every follower, this one included.
      if (page.heldBack) this.read(tenantId);
      if (!page.more) break;
      await follower.drained();
      cursor = BigInt(page.events.at(-1)!.cursor);
    }
    follower.startLive(null);
  }

  private async connect(): Promise<void> {
    const client = listeningClient({ connectionString: this.options.listenUrl, applicationName: 'platform-events', silenceMs: this.options.silenceLimitMs });
    client.on('notification', (message) => {
      const [tenantId, subject] = message.payload?.split(':') ?? [];
      if (!tenantId) return;
      if (message.channel === SESSION_ENDED_CHANNEL) {
        if (subject) for (const listener of this.sessionEndedListeners) listener(tenantId, subject);
      } else if (this.followers.has(tenantId)) {
        this.read(tenantId);
      }
    });
    client.on('error', (error) => this.reconnect(client, error));
    client.on('end', () => this.reconnect(client, null));
    await client.connect();
    if (this.stopped) {
      await client.end();
      return;
    }
    await client.query(`LISTEN platform_events; LISTEN ${SESSION_ENDED_CHANNEL}`);
    this.client = client;
    this.reconnectAttempt = 0;
  }

  private reconnect(broken: Client, error: Error | null): void {
    if (this.stopped || this.client !== broken) return;
    this.client = null;
    broken.removeAllListeners();
    broken.on('error', () => undefined);
    void broken.end().catch(() => undefined);
    this.options.log.warn({ error: error ? describe(error) : null }, 'event listener connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt++, RECONNECT_DELAYS_MS.length - 1)]!;
    setTimeout(() => {
      if (this.stopped) return;
      this.connect().then(
        // Whatever committed while we were away was not announced to us: read it now.
        () => this.readAllFollowed(),
        (failure: unknown) => {
          this.options.log.warn({ error: describe(failure), retryInMs: delay }, 'event listener could not reconnect');
          this.scheduleReconnect();
        },
      );
    }, delay).unref();
  }

  private readAllFollowed(): void {
    for (const tenantId of this.followers.keys()) this.read(tenantId);
  }

  /** Reads a city's new events once, however many notifications arrive meanwhile. */
  private read(tenantId: string): void {
    const running = this.reading.get(tenantId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      let heldBack = false;
      try {
        do {
          state.again = false;
          heldBack = await this.readOnce(tenantId);
        } while (state.again && !this.stopped);
      } catch (error) {
        this.options.log.error({ error: describe(error), tenantId }, 'could not read new events');
      } finally {
        this.reading.delete(tenantId);
      }
      // The transaction holding them back may write no event of this city, so no notification would come: look again soon.
      // Backs off (to 250 ms) so a long import elsewhere costs each followed city a few reads a second, not a hundred.
      if (heldBack && !this.stopped) {
        const attempt = this.heldBackAttempts.get(tenantId) ?? 0;
        this.heldBackAttempts.set(tenantId, attempt + 1);
        setTimeout(() => this.followers.has(tenantId) && this.read(tenantId), Math.min(HELD_BACK_RETRY_MS * 2 ** attempt, 250)).unref();
      } else {
        this.heldBackAttempts.delete(tenantId);
      }
    })();
    this.reading.set(tenantId, state);
  }

  /** Reads a city's final events after what this hub has seen; says whether some wait above the horizon. */
  private async readOnce(tenantId: string): Promise<boolean> {
    for (;;) {
      const after = this.seen.get(tenantId) ?? 0n;
      const { events, more, heldBack } = await readEventsAfter(this.options.db, tenantId, after, PAGE_SIZE);
      if (events.length === 0) return heldBack;
      const followers = [...(this.followers.get(tenantId) ?? [])];
      const now = Date.now();
      for (const event of events) {
        platformMetrics.eventDeliveryLag.observe(Math.max(0, now - event.occurredAt.getTime()) / 1000);
        for (const follower of followers) this.offer(tenantId, follower, event);
      }
      this.seen.set(tenantId, BigInt(events.at(-1)!.cursor));
      if (!more) return heldBack;
      // A burst (an autopay wave, a posting run) is handed over as followers take it, so none falls a whole burst behind.
      await caughtUp(followers);
    }
  }

  /** One subscriber's failure (a filter that throws) ends that subscription alone, never the city's feed on this instance. */
  private offer(tenantId: string, follower: Follower, event: PlatformEvent): void {
    try {
      follower.offer(event);
    } catch (error) {
      this.options.log.error({ error: describe(error), tenantId, cursor: event.cursor }, 'an event subscription failed');
      follower.fail(error);
    }
  }
}

/**
 * Resolves once every follower has taken most of what it was handed; or once none has taken anything for
 * CATCH_UP_WAIT_MS, or after CATCH_UP_LIMIT_MS.
 */
async function caughtUp(followers: readonly Follower[]): Promise<void> {
  const drained = Promise.all(followers.map((follower) => follower.drained())).then(() => true);
  const started = Date.now();
  let taken = takenBy(followers);
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CATCH_UP_WAIT_MS)));
    const done = await Promise.race([drained, waited]);
    clearTimeout(timer);
    const takenNow = takenBy(followers);
    if (done || takenNow === taken || Date.now() - started >= CATCH_UP_LIMIT_MS) return;
    taken = takenNow;
  }
}

const takenBy = (followers: readonly Follower[]) => followers.reduce((sum, follower) => sum + follower.taken, 0);

const describe = (error: unknown) => (error instanceof Error ? { message: error.message, code: (error as { code?: string }).code } : { message: String(error) });
