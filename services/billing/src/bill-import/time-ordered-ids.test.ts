import { isUuid } from '@platform/core';
import { timeOrderedUuids } from './time-ordered-ids';

describe('timeOrderedUuids', () => {
  it('makes version 7 UUIDs of the given millisecond, all different and in increasing order', () => {
    const now = Date.UTC(2026, 11, 1, 23, 59, 59, 123);
    const ids = timeOrderedUuids(5000, now);
    expect(ids).toHaveLength(5000);
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
      expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
    }
    expect(new Set(ids).size).toBe(5000);
    expect([...ids].sort()).toEqual(ids);
  });

  it('gives two batches different ids', () => {
    const now = Date.now();
    const [a, b] = [timeOrderedUuids(100, now), timeOrderedUuids(100, now)];
    expect(new Set([...a, ...b]).size).toBe(200);
  });

  it('makes none for zero and refuses counts it cannot keep in order', () => {
    expect(timeOrderedUuids(0)).toEqual([]);
    expect(() => timeOrderedUuids(-1)).toThrow(RangeError);
    expect(() => timeOrderedUuids(2 ** 31 + 1)).toThrow(RangeError);
  });
});
