import { forEachConcurrently } from './concurrency';

describe('forEachConcurrently', () => {
  it('calls every item once, never more than the limit at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const failures = await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5 * (n % 3)));
      seen.push(n);
      inFlight--;
    });
    expect(failures).toEqual([]);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('goes on past a failure and reports each one with its item', async () => {
    const seen: number[] = [];
    const failures = await forEachConcurrently([1, 2, 3, 4], 2, async (n) => {
      if (n % 2 === 0) throw new Error(`no ${n}`);
      seen.push(n);
    });
    expect(seen.sort()).toEqual([1, 3]);
    expect(failures.map((f) => [f.item, (f.error as Error).message])).toEqual([
      [2, 'no 2'],
      [4, 'no 4'],
    ]);
  });

  it('does nothing for no items', async () => {
    expect(await forEachConcurrently([], 4, () => Promise.reject(new Error('called')))).toEqual([]);
  });
});
