import { settledWithin } from './settled-within';

describe('settledWithin', () => {
  it('gives what the promise settles to in time, a rejection too, and null when it is late', async () => {
    expect(await settledWithin(Promise.resolve('done'), 1000)).toBe('done');
    await expect(settledWithin(Promise.reject(new Error('refused')), 1000)).rejects.toThrow('refused');
    expect(await settledWithin(new Promise((resolve) => setTimeout(() => resolve('late'), 200)), 20)).toBeNull();
  });
});
