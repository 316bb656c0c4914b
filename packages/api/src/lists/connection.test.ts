import { clampPageSize, fetchSize, toConnection } from './connection';

describe('clampPageSize', () => {
  it('serves the default when the client says nothing, and keeps any request between 1 and the max', () => {
    expect(clampPageSize(undefined)).toBe(20);
    expect(clampPageSize(null, { default: 12, max: 50 })).toBe(12);
    expect(clampPageSize(0)).toBe(1);
    expect(clampPageSize(-5)).toBe(1);
    expect(clampPageSize(1000)).toBe(100);
    expect(clampPageSize(7.9)).toBe(7);
  });
});

describe('toConnection', () => {
  const edge = { node: (n: number) => ({ n }), cursor: (n: number) => `c${n}` };

  it('uses the extra fetched row only to say another page follows', () => {
    const page = toConnection([1, 2, 3], 2, edge);
    expect(page.edges).toEqual([
      { node: { n: 1 }, cursor: 'c1' },
      { node: { n: 2 }, cursor: 'c2' },
    ]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: 'c2' });
    expect(fetchSize(2)).toBe(3);
  });

  it('says no more follow on the last page, and has no end cursor when empty', () => {
    expect(toConnection([1], 2, edge).pageInfo).toEqual({ hasNextPage: false, endCursor: 'c1' });
    expect(toConnection([], 2, edge).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
