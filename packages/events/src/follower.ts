import type { FollowOptions, PlatformEvent } from '@platform/api';

/** What a follower is given: the subscriber's filters, and where it starts as the hub reads cursors (unsealed). */
export interface FollowerOptions extends Pick<FollowOptions, 'typePrefixes' | 'subjectId' | 'accept'> {
  /** The cursor the subscriber has seen (0: from the start), or null: live only. */
  readonly after: bigint | null;
  /** Called when the subscriber falls too far behind, with the last cursor it was sent. */
  readonly onOverflow: (lastDeliveredCursor: bigint | null) => void;
  /** The event as the subscriber is given it (its cursor sealed for its city). */
  readonly present: (event: PlatformEvent) => PlatformEvent;
}

/**
 * One subscriber's stream: a bounded queue read as an async iterator.
 *
 * While its replay runs, live events wait aside; when the replay ends they
 * are released, minus any the replay already delivered, so the seam has no
 * gap and no duplicate. Past `bufferLimit` waiting events the follower is
 * too slow: it reports the last cursor surely sent (to resume from) and ends,
 * without holding up the hub or other followers.
 */
export class Follower implements AsyncIterableIterator<PlatformEvent> {
  private readonly queue: PlatformEvent[] = [];
  private heldDuringReplay: PlatformEvent[] | null = [];
  /** The highest cursor queued so far; events at or below it are duplicates. */
  private highest: bigint | null = null;
  /**
   * The last cursor surely sent. An event handed to the reader is only being sent (its fields resolving, then the
   * socket): it is sent once the reader asks for the next one, which graphql-ws does after each send. Resuming after a
   * cursor handed out but not yet sent would lose that event.
   */
  private lastSent: bigint | null = null;
  private handedOut: bigint | null = null;
  /** Who waits for the reader to catch up: the replay, and the hub between the pages of a burst. */
  private drainedWaiters: (() => void)[] = [];
  private waiting: ((result: IteratorResult<PlatformEvent>) => void) | null = null;
  private failWaiting: ((error: Error) => void) | null = null;
  private finished = false;
  private error: Error | null = null;
  private takenCount = 0;

  constructor(
    private readonly options: FollowerOptions,
    private readonly bufferLimit: number,
    private readonly detach: () => void,
  ) {
    // Whatever the subscriber has seen (its `after`) never comes again, whichever instance it resumes on.
    if (options.after !== null) {
      this.highest = options.after;
      this.lastSent = options.after;
    }
  }

  /** An event from the replay (in order, before going live); the replay paces itself with `drained`, so it never overflows. */
  replay(event: PlatformEvent): void {
    this.enqueue(event, false);
  }

  /** Resolves once the reader has caught up on most of the queue (or left): when the replay, or the hub, may hand over its next page. */
  drained(): Promise<void> {
    if (this.finished || this.queue.length <= this.bufferLimit / 2) return Promise.resolve();
    return new Promise((resolve) => this.drainedWaiters.push(resolve));
  }

  /** The replay is over (or there was none): release the live events held meanwhile. `from` is where live-only following starts. */
  startLive(from: bigint | null): void {
    if (from !== null && this.highest === null) {
      this.highest = from;
      this.lastSent = from;
    }
    const held = this.heldDuringReplay ?? [];
    this.heldDuringReplay = null;
    for (const event of held) this.enqueue(event);
  }

  /** A live event from the hub. */
  offer(event: PlatformEvent): void {
    if (this.heldDuringReplay) this.heldDuringReplay.push(event);
    else this.enqueue(event);
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** How many events the reader has taken so far: the hub waits on a reader that is taking them, however slowly. */
  get taken(): number {
    return this.takenCount;
  }

  get subjectId(): string | undefined {
    return this.options.subjectId;
  }

  fail(error: unknown): void {
    this.error = error instanceof Error ? error : new Error('the event subscription could not start');
    this.finish();
  }

  end(): void {
    this.finish();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<PlatformEvent> {
    return this;
  }

  next(): Promise<IteratorResult<PlatformEvent>> {
    if (this.handedOut !== null) {
      this.lastSent = this.handedOut;
      this.handedOut = null;
    }
    const event = this.queue.shift();
    if (this.queue.length <= this.bufferLimit / 2) this.releaseDrainedWaiters();
    if (event) return Promise.resolve(this.delivered(event));
    if (this.error) return Promise.reject(this.error);
    if (this.finished) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<PlatformEvent>> {
    this.finish();
    return Promise.resolve({ done: true, value: undefined });
  }

  private enqueue(event: PlatformEvent, live = true): void {
    if (this.finished) return;
    const cursor = BigInt(event.cursor);
    if (this.highest !== null && cursor <= this.highest) return;
    this.highest = cursor;
    if (!this.wanted(event)) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      this.failWaiting = null;
      resolve(this.delivered(event));
      return;
    }
    this.queue.push(event);
    if (live && this.queue.length > this.bufferLimit) {
      this.queue.length = 0;
      this.options.onOverflow(this.lastSent);
      this.finish();
    }
  }

  private releaseDrainedWaiters(): void {
    const waiters = this.drainedWaiters;
    this.drainedWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** The type is checked first: `accept` reads payloads of the followed kinds only, and may throw on any other kind. */
  private wanted(event: PlatformEvent): boolean {
    if (this.options.typePrefixes.length > 0 && !this.options.typePrefixes.some((prefix) => event.type.startsWith(prefix))) return false;
    if (this.options.subjectId && event.subjectId !== this.options.subjectId) return false;
    return !this.options.accept || this.options.accept(event);
  }

  private delivered(event: PlatformEvent): IteratorResult<PlatformEvent> {
    this.handedOut = BigInt(event.cursor);
    this.takenCount++;
    return { done: false, value: this.options.present(event) };
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.detach();
    this.releaseDrainedWaiters();
    if (this.waiting) {
      const resolve = this.waiting;
      const reject = this.failWaiting;
      this.waiting = null;
      this.failWaiting = null;
      if (this.error && reject) reject(this.error);
      else resolve({ done: true, value: undefined });
    }
  }
}
