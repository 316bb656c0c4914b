import { deriveBalance, type LedgerFact } from '../ledger/balance';
import { isApprovable } from './restoration-rules';

const TODAY = '2026-11-24';
const water: LedgerFact = { kind: 'BILL_ISSUED', amountCents: 12000n, effectiveDate: '2026-09-01', dueDate: '2026-09-22', payableId: 'water' };
const paid = (cents: bigint): LedgerFact => ({ kind: 'PAYMENT_POSTED', amountCents: -cents, effectiveDate: TODAY, dueDate: null, payableId: null });
/** The account's balance with `awaitingBankCents` of its posted payments e-checks its bank has not settled. */
const balanceOf = (facts: readonly LedgerFact[], awaitingBankCents: bigint) => deriveBalance(facts, [], TODAY, awaitingBankCents);

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
