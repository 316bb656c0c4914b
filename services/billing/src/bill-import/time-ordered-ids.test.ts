import { isUuid } from '@platform/core';
import { timeOrderedUuids } from './time-ordered-ids';

describe('timeOrderedUuids', () => {
  it('makes version 7 UUIDs of the given millisecond, all different and in increasing order', () => {
    const now = Date.UTC(2026, 11, 1, 23, 59, 59, 123);
    // Past 2^14 ids, so the counter carries into rand_a.
    const ids = timeOrderedUuids(40_000, now);
    expect(ids).toHaveLength(40_000);
    const malformed = ids.filter((id) => !isUuid(id) || id[14] !== '7' || !'89ab'.includes(id[19]!) || Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16) !== now);
    expect(malformed).toEqual([]);
    expect(new Set(ids).size).toBe(40_000);
    expect([...ids].sort()).toEqual(ids);
  });

  it('gives each id 48 random bits of its own: one id of a batch does not tell the next', () => {
    const ids = timeOrderedUuids(1000);
    const tails = ids.map((id) => id.slice(-12));
    expect(new Set(tails).size).toBe(1000);
    // Neighbours' random parts are unrelated: not one more than the other, as a counter would make them.
    const steps = tails.slice(1).filter((tail, i) => BigInt(`0x${tail}`) - BigInt(`0x${tails[i]!}`) === 1n);
    expect(steps).toEqual([]);
  });

  it('gives two batches of the same millisecond different ids', () => {
    const now = Date.now();
    const [a, b] = [timeOrderedUuids(100, now), timeOrderedUuids(100, now)];
    expect(new Set([...a, ...b]).size).toBe(200);
  });

  it('makes none for zero and refuses counts it cannot keep in order', () => {
    expect(timeOrderedUuids(0)).toEqual([]);
    expect(() => timeOrderedUuids(-1)).toThrow(RangeError);
    expect(() => timeOrderedUuids(2 ** 26 + 1)).toThrow(RangeError);
  });
});
