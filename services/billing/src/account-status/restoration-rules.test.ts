import { deriveBalance, type LedgerFact } from '../ledger/balance';
import { isApprovable, restorationBlockedBy } from './restoration-rules';

const TODAY = '2026-11-24';
const water: LedgerFact = { kind: 'BILL_ISSUED', amountCents: 12000n, effectiveDate: '2026-09-01', dueDate: '2026-09-22', payableId: 'water' };
const paid = (cents: bigint): LedgerFact => ({ kind: 'PAYMENT_POSTED', amountCents: -cents, effectiveDate: TODAY, dueDate: null, payableId: null });
/** The account's balance with `awaitingBankCents` of its posted payments e-checks its bank has not settled. */
const balanceOf = (facts: readonly LedgerFact[], awaitingBankCents: bigint, pendingCents = 0n) =>
  deriveBalance(facts, pendingCents > 0n ? [{ cents: pendingCents, payableId: null }] : [], TODAY, awaitingBankCents);

describe('isApprovable', () => {
  it('approves a restoration the posted payments pay, once no e-check among them may still come back', () => {
    expect(isApprovable(balanceOf([water, paid(12000n)], 0n))).toBe(true);
    expect(isApprovable(balanceOf([water, paid(12000n)], 12000n))).toBe(false);
    expect(isApprovable(balanceOf([water, paid(5000n)], 0n))).toBe(false);
  });

  it('approves one the rest of what posted pays in full beside an e-check awaiting its bank', () => {
    // $120.00 by e-check, posted and not yet settled, then $120.00 in cash at the counter.
    expect(isApprovable(balanceOf([water, paid(12000n), paid(12000n)], 12000n))).toBe(true);
    // Cash of part of it: should the e-check come back, $20.00 would be owed.
    expect(isApprovable(balanceOf([water, paid(12000n), paid(10000n)], 12000n))).toBe(false);
  });
});

describe('restorationBlockedBy', () => {
  it('says what approval waits for: a payment to post, an e-check posted to clear its bank, or nothing', () => {
    expect(restorationBlockedBy(balanceOf([water], 0n, 12000n))).toBe('NOT_POSTED');
    expect(restorationBlockedBy(balanceOf([water, paid(12000n)], 12000n))).toBe('AWAITING_BANK');
    expect(restorationBlockedBy(balanceOf([water, paid(12000n)], 0n))).toBeNull();
  });

  it('waits for what has not posted before the bank, and calls a charge no payment covers owing again', () => {
    // $20.00 of it still to post beside an e-check awaiting its bank.
    expect(restorationBlockedBy(balanceOf([water, paid(10000n)], 10000n, 2000n))).toBe('NOT_POSTED');
    // A fee come due since, with nothing on its way to pay it.
    const fee: LedgerFact = { kind: 'FEE', amountCents: 2500n, effectiveDate: TODAY, dueDate: TODAY, payableId: null };
    expect(restorationBlockedBy(balanceOf([water, paid(12000n), fee], 0n))).toBe('OWED_AGAIN');
  });
});
