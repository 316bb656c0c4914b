import { accountsInRefundOrder, holdsOf, leftOnAccount, leftWithoutAccount, refundFits, takenByRefund } from './refund-lines';

const line = (serviceAccountId: string, amountCents: bigint, refundedCents = 0n) => ({ serviceAccountId, amountCents, refundedCents });
const lines = [line('a', 2000n), line('b', 500n), line('c', 1000n)];
const none = holdsOf([]);

describe('takenByRefund: what a refund takes from each line of its payment', () => {
  it('takes a refund not asked of an account from the first lines first, and a later one from where the earlier stopped', () => {
    expect(takenByRefund(lines, 2200n, null, none)).toEqual([2000n, 200n, 0n]);
    expect(takenByRefund([line('a', 2000n, 2000n), line('b', 500n, 200n), line('c', 1000n)], 400n, null, none)).toEqual([0n, 300n, 100n]);
  });

  it('takes a refund asked of one account from that account’s line alone, whatever its place', () => {
    expect(takenByRefund(lines, 800n, 'c', none)).toEqual([0n, 0n, 800n]);
    // An earlier refund of the first lines in order took part of b: what is left of b is all it gives.
    expect(takenByRefund([line('a', 2000n, 2000n), line('b', 500n, 200n), line('c', 1000n)], 300n, 'b', none)).toEqual([0n, 300n, 0n]);
  });

  it('leaves what the lines have not got to the convenience fee', () => {
    expect(takenByRefund([line('a', 2000n, 1500n), line('b', 500n, 500n)], 700n, null, none)).toEqual([500n, 0n]);
  });

  it('leaves to refunds asked of one account and still with the processor what they hold, the held line last', () => {
    const holds = holdsOf([
      { serviceAccountId: 'a', amountCents: 1313n },
      { serviceAccountId: null, amountCents: 999n },
    ]);
    // Lines not held first, in order; then what a's line has beyond its hold; then the fee.
    expect(takenByRefund(lines, 1000n, null, holds)).toEqual([0n, 500n, 500n]);
    expect(takenByRefund(lines, 2000n, null, holds)).toEqual([500n, 500n, 1000n]);
    expect(takenByRefund(lines, 2500n, null, holds)).toEqual([687n, 500n, 1000n]);
    // Asked of the held account itself, a refund takes what its line has left.
    expect(takenByRefund(lines, 2000n, 'a', holds)).toEqual([2000n, 0n, 0n]);
  });

  it('takes, of several held lines, only from the one with most left beyond its hold', () => {
    const holds = holdsOf([
      { serviceAccountId: 'a', amountCents: 1900n },
      { serviceAccountId: 'c', amountCents: 200n },
    ]);
    expect(takenByRefund(lines, 1000n, null, holds)).toEqual([0n, 500n, 500n]);
    expect(takenByRefund(lines, 1500n, null, holds)).toEqual([0n, 500n, 800n]);
  });
});

describe('leftWithoutAccount and refundFits: what a refund can take of a payment as it stands', () => {
  const payment = { totalCents: 3650n, refundedCents: 0n }; // 35.00 on the lines, a 1.50 fee
  it('is what the payment has left, less what holds claim', () => {
    expect(leftWithoutAccount(payment, lines, none)).toBe(3650n);
    expect(leftWithoutAccount(payment, lines, holdsOf([{ serviceAccountId: 'a', amountCents: 1313n }]))).toBe(3650n - 1313n);
    // Of two held lines, the other's free cents are not counted: billing could not take both in part.
    const twoHeld = holdsOf([
      { serviceAccountId: 'a', amountCents: 1900n },
      { serviceAccountId: 'c', amountCents: 200n },
    ]);
    expect(leftWithoutAccount(payment, lines, twoHeld)).toBe(500n + 800n + 150n);
    expect(refundFits(payment, lines, 1450n, null, twoHeld)).toBe(true);
    expect(refundFits(payment, lines, 1451n, null, twoHeld)).toBe(false);
  });

  it('fits a refund asked of one account while its share has it, whatever holds', () => {
    expect(refundFits(payment, lines, 500n, 'b', holdsOf([{ serviceAccountId: 'b', amountCents: 500n }]))).toBe(true);
    expect(refundFits(payment, lines, 501n, 'b', none)).toBe(false);
    expect(refundFits({ totalCents: 3650n, refundedCents: 3500n }, lines, 200n, null, none)).toBe(false);
  });
});

describe('leftOnAccount and accountsInRefundOrder', () => {
  it('says what an account’s share has left, and nothing for an account the payment did not pay', () => {
    expect(leftOnAccount([line('a', 2000n, 500n), line('b', 500n)], 'a')).toBe(1500n);
    expect(leftOnAccount(lines, 'z')).toBe(0n);
  });

  it('hands billing the accounts emptied first, in line order, then the one given from in part, then the rest', () => {
    expect(accountsInRefundOrder(lines, [0n, 0n, 800n])).toEqual(['c', 'a', 'b']);
    expect(accountsInRefundOrder(lines, [2000n, 200n, 0n])).toEqual(['a', 'b', 'c']);
    expect(accountsInRefundOrder(lines, [687n, 500n, 1000n])).toEqual(['b', 'c', 'a']);
  });
});
