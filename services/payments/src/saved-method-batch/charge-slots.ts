/**
 * Counts the payments a job has committed PENDING and not yet heard back on
 * from the processor, across its batches: a batch reserves slots before it
 * records its payments and frees each one when its call is answered, so a
 * crash never leaves more than `limit` of them for reconciliation to settle.
 */
export class ChargeSlots {
  private used = 0;
  private readonly waiting: { readonly count: number; readonly resolve: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('a charge limit is a positive integer');
  }

  /** Waits until `count` slots (at most the limit) are free, in the order asked. */
  async acquire(count: number): Promise<void> {
    if (count > this.limit) throw new RangeError(`${count} slots asked of ${this.limit}`);
    if (this.waiting.length === 0 && this.used + count <= this.limit) {
      this.used += count;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push({ count, resolve }));
  }

  release(count = 1): void {
    this.used -= count;
    while (this.waiting.length > 0 && this.used + this.waiting[0]!.count <= this.limit) {
      const next = this.waiting.shift()!;
      this.used += next.count;
      next.resolve();
    }
  }
}
