import type { PlatformEvent } from '@platform/api';
import { Follower, type FollowerOptions } from './follower';

const event = (cursor: number, type = 'payment.captured', subjectId = 'p1'): PlatformEvent => ({ cursor: String(cursor), type, subjectId, payload: {}, occurredAt: new Date(0) });
const cursors = async (follower: Follower, count: number) => {
  const seen: string[] = [];
  for (let i = 0; i < count; i++) {
    const next = await follower.next();
    if (next.done) break;
    seen.push(next.value.cursor);
  }
  return seen;
};
const options = (overrides: Partial<FollowerOptions> = {}): FollowerOptions => ({ after: 0n, typePrefixes: [], onOverflow: () => undefined, present: (e) => e, ...overrides });

describe('Follower', () => {
  it('joins replay and live with no gap and no duplicate at the seam', async () => {
    const follower = new Follower(options(), 100, () => undefined);
    follower.offer(event(3)); // live, while the replay is still reading
    follower.offer(event(4));
    for (const n of [1, 2, 3]) follower.replay(event(n));
    follower.startLive(null);
    follower.offer(event(5));
    expect(await cursors(follower, 5)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('following live only starts after the given cursor', async () => {
    const follower = new Follower(options({ after: null }), 100, () => undefined);
    follower.startLive(7n);
    follower.offer(event(7));
    follower.offer(event(8));
    expect(await cursors(follower, 1)).toEqual(['8']);
  });

  it('asks its accept test only about events of the types it follows (a typed reader throws on any other kind)', async () => {
    const accept = (e: PlatformEvent) => {
      if (!e.type.startsWith('account.')) throw new Error(`not an account event: ${e.type}`);
      return e.cursor !== '3';
    };
    const follower = new Follower(options({ typePrefixes: ['account.'], accept }), 100, () => undefined);
    follower.startLive(null);
    expect(() => follower.offer(event(1, 'payment.pending'))).not.toThrow();
    follower.offer(event(2, 'account.restoration_pending'));
    follower.offer(event(3, 'account.active'));
    follower.offer(event(4, 'account.active'));
    expect(await cursors(follower, 2)).toEqual(['2', '4']);
  });

  it('keeps only the wanted types and subject', async () => {
    const follower = new Follower(options({ typePrefixes: ['payment.'], subjectId: 'p2' }), 100, () => undefined);
    follower.startLive(null);
    follower.offer(event(1, 'account.active', 'p2'));
    follower.offer(event(2, 'payment.pending', 'p1'));
    follower.offer(event(3, 'payment.pending', 'p2'));
    expect(await cursors(follower, 1)).toEqual(['3']);
  });

  it('cuts off a subscriber that falls too far behind, saying where to resume, without blocking the sender', async () => {
    const overflows: (bigint | null)[] = [];
    let detached = false;
    const follower = new Follower(options({ onOverflow: (last) => overflows.push(last) }), 3, () => (detached = true));
    follower.startLive(null);
    follower.offer(event(1));
    expect(await cursors(follower, 1)).toEqual(['1']);
    // Event 1 is handed out, and sent once the reader asks for the next: it does, and gets event 2, still being sent.
    const second = follower.next();
    follower.offer(event(2));
    expect((await second).value?.cursor).toBe('2');
    for (const n of [3, 4, 5, 6]) follower.offer(event(n));
    expect(overflows).toEqual([1n]);
    expect(detached).toBe(true);
    expect(await follower.next()).toEqual({ done: true, value: undefined });
  });

  it('names as where to resume only an event surely sent, not one handed out and still being sent', async () => {
    const overflows: (bigint | null)[] = [];
    const follower = new Follower(options({ after: 7n, onOverflow: (last) => overflows.push(last) }), 3, () => undefined);
    follower.startLive(null);
    follower.offer(event(8));
    expect(await cursors(follower, 1)).toEqual(['8']);
    // The reader has not asked for the next event: 8 may be resolving its fields when the queue overflows.
    for (const n of [9, 10, 11, 12]) follower.offer(event(n));
    expect(overflows).toEqual([7n]);
  });

  it('hands the reader each event as `present` makes it (its cursor sealed), and keeps its own cursors for resuming', async () => {
    const overflows: (bigint | null)[] = [];
    const follower = new Follower(options({ present: (e) => ({ ...e, cursor: `sealed-${e.cursor}` }), onOverflow: (last) => overflows.push(last) }), 2, () => undefined);
    follower.startLive(null);
    follower.offer(event(1));
    expect(await cursors(follower, 1)).toEqual(['sealed-1']);
    const second = follower.next();
    follower.offer(event(2));
    expect((await second).value?.cursor).toBe('sealed-2');
    for (const n of [3, 4, 5]) follower.offer(event(n));
    expect(overflows).toEqual([1n]);
  });

  it('ends a waiting reader when it is closed', async () => {
    const follower = new Follower(options(), 10, () => undefined);
    const waiting = follower.next();
    follower.end();
    expect(await waiting).toEqual({ done: true, value: undefined });
  });
});

describe('Follower replay pacing', () => {
  it('never overflows on its own replay: the replay waits for the reader instead', async () => {
    const overflows: (bigint | null)[] = [];
    const follower = new Follower(options({ onOverflow: (last) => overflows.push(last) }), 4, () => undefined);
    for (const n of [1, 2, 3, 4, 5, 6]) follower.replay(event(n));
    let drained = false;
    const waiting = follower.drained().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    expect(await cursors(follower, 4)).toEqual(['1', '2', '3', '4']);
    await waiting;
    expect(drained).toBe(true);
    expect(overflows).toEqual([]);
  });

  it('never delivers again what the subscriber saw before resuming', async () => {
    const follower = new Follower(options({ after: 5n }), 10, () => undefined);
    follower.startLive(null);
    for (const n of [4, 5, 6]) follower.offer(event(n));
    expect(await cursors(follower, 1)).toEqual(['6']);
  });
});
