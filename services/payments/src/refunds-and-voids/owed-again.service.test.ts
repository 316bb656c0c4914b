import { takenFromLines } from './owed-again.service';

const lines = [{ amountCents: 2000n }, { amountCents: 500n }, { amountCents: 1000n }];

describe('takenFromLines: what a give-back takes from each line, the lines in their order', () => {
  it('takes a refund from the first lines first, and a later one from where the earlier stopped', () => {
    expect(takenFromLines(lines, 0n, 2200n)).toEqual([2000n, 200n, 0n]);
    expect(takenFromLines(lines, 2200n, 2600n)).toEqual([0n, 300n, 100n]);
  });

  it('takes in a return what refunds left, and nothing from lines they emptied', () => {
    expect(takenFromLines(lines, 2200n, 3500n)).toEqual([0n, 300n, 1000n]);
    expect(takenFromLines(lines, 3500n, 3500n)).toEqual([0n, 0n, 0n]);
  });
});
