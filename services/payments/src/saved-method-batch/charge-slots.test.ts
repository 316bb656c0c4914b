import { ChargeSlots } from './charge-slots';

describe('ChargeSlots', () => {
  it('never hands out more than its limit, and serves waiters in the order they asked', async () => {
    const slots = new ChargeSlots(4);
    const served: string[] = [];
    await slots.acquire(3);
    const big = slots.acquire(2).then(() => served.push('big'));
    // Fits now, but waits behind the earlier request so a large wave is never starved by small ones.
    const small = slots.acquire(1).then(() => served.push('small'));
    await Promise.resolve();
    expect(served).toEqual([]);
    slots.release(1);
    await big;
    expect(served).toEqual(['big']);
    slots.release(2);
    await small;
    expect(served).toEqual(['big', 'small']);
  });

  it('refuses a request larger than the limit, which could never be served', async () => {
    await expect(new ChargeSlots(2).acquire(3)).rejects.toThrow(RangeError);
    expect(() => new ChargeSlots(0)).toThrow(RangeError);
  });
});
