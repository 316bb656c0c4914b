import { changeDue } from './cash-change';

describe('changeDue', () => {
  it('is the cash received less the payment, in cents', () => {
    expect(changeDue(8585n, 10000n)).toBe(1415n);
    expect(changeDue(1200n, 1200n)).toBe(0n);
  });

  it('is null when the cash is short of the payment', () => {
    expect(changeDue(8585n, 8584n)).toBeNull();
  });
});
