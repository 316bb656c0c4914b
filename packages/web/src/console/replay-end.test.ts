import { ReplayEnd } from './replay-end';

describe('ReplayEnd', () => {
  it('is not over before the head is known, however many events come', () => {
    const replay = new ReplayEnd();
    for (const cursor of ['c1', 'c2', 'c3']) replay.seen(cursor);
    expect(replay.isOver).toBe(false);
  });

  it('is over at once when the head comes after its event was seen', () => {
    const replay = new ReplayEnd();
    replay.seen('c1');
    replay.seen('c2');
    replay.headIs('c2');
    expect(replay.isOver).toBe(true);
  });

  it('waits for the head event when the head comes first, and is over once it is seen', () => {
    const replay = new ReplayEnd();
    replay.seen('c1');
    replay.headIs('c3');
    expect(replay.isOver).toBe(false);
    replay.seen('c2');
    expect(replay.isOver).toBe(false);
    replay.seen('c3');
    expect(replay.isOver).toBe(true);
  });

  it('is over at once for an empty feed, or when the head could not be had', () => {
    const replay = new ReplayEnd();
    replay.headIs(null);
    expect(replay.isOver).toBe(true);
  });

  it('stays over: a replay after a reconnect that repeats old cursors does not start it again', () => {
    const replay = new ReplayEnd();
    replay.headIs('c1');
    replay.seen('c1');
    replay.seen('c2');
    replay.seen('c1');
    replay.headIs('c9');
    expect(replay.isOver).toBe(true);
  });

  it('keeps only the head it was told first', () => {
    const replay = new ReplayEnd();
    replay.headIs('c2');
    replay.headIs(null);
    expect(replay.isOver).toBe(false);
    replay.seen('c2');
    expect(replay.isOver).toBe(true);
  });
});
