import type { SavedMethodSummary } from '@platform/payments';
import { amountDueForDeduction, decideAttempt, feeForDeduction, suspensionForDecline, type AttemptFacts } from './autopay-decision';

const card: SavedMethodSummary = { id: 'm1', userId: 'u1', kind: 'CARD', brand: 'VISA', last4: '4242', expMonth: 3, expYear: 2026, removed: false, blocked: false, blockedReason: null };
const facts: AttemptFacts = { accountStatus: 'ACTIVE', enrolled: true, enrolledUserId: 'u1', linked: true, method: card, dueCents: 8805n, feeCents: 0n, maxAmountCents: null, date: '2026-03-15' };

describe('decideAttempt', () => {
  it('charges everything due', () => {
    expect(decideAttempt(facts)).toEqual({ kind: 'CHARGE', amountCents: 8805n, feeCents: 0n });
  });

  it('charges up to the maximum, inclusive, and skips above it', () => {
    expect(decideAttempt({ ...facts, maxAmountCents: 8805n })).toEqual({ kind: 'CHARGE', amountCents: 8805n, feeCents: 0n });
    expect(decideAttempt({ ...facts, maxAmountCents: 8804n })).toEqual({ kind: 'SKIP', reason: 'OVER_MAXIMUM', feeCents: 0n });
    expect(decideAttempt({ ...facts, maxAmountCents: 0n })).toEqual({ kind: 'SKIP', reason: 'OVER_MAXIMUM', feeCents: 0n });
    // The maximum is what the card may be charged: the city's fee counts.
    expect(decideAttempt({ ...facts, feeCents: 250n, maxAmountCents: 9055n })).toEqual({ kind: 'CHARGE', amountCents: 8805n, feeCents: 250n });
    expect(decideAttempt({ ...facts, feeCents: 250n, maxAmountCents: 9054n })).toEqual({ kind: 'SKIP', reason: 'OVER_MAXIMUM', feeCents: 250n });
  });

  it('skips when nothing is due', () => {
    expect(decideAttempt({ ...facts, dueCents: 0n })).toEqual({ kind: 'SKIP', reason: 'NOTHING_DUE' });
  });

  it('skips a closed (or vanished) account, and charges a disconnected one, which needs the money most', () => {
    expect(decideAttempt({ ...facts, accountStatus: 'CLOSED' })).toEqual({ kind: 'SKIP', reason: 'ACCOUNT_CLOSED' });
    expect(decideAttempt({ ...facts, accountStatus: null })).toEqual({ kind: 'SKIP', reason: 'ACCOUNT_CLOSED' });
    expect(decideAttempt({ ...facts, accountStatus: 'DISCONNECTED' }).kind).toBe('CHARGE');
  });

  it('never charges for an account the paying customer has unlinked', () => {
    expect(decideAttempt({ ...facts, linked: false })).toEqual({ kind: 'SKIP', reason: 'ACCOUNT_UNLINKED' });
  });

  it('skips an enrolment that was cancelled or suspended since the last attempt', () => {
    expect(decideAttempt({ ...facts, enrolled: false })).toEqual({ kind: 'SKIP', reason: 'NOT_ENROLLED' });
  });

  it('suspends before charging a card that has expired by the deduction date, even with nothing due', () => {
    expect(decideAttempt({ ...facts, date: '2026-04-15' })).toEqual({ kind: 'SUSPEND', reason: 'CARD_EXPIRED' });
    expect(decideAttempt({ ...facts, date: '2026-04-15', dueCents: 0n })).toEqual({ kind: 'SUSPEND', reason: 'CARD_EXPIRED' });
  });

  it("suspends when the method was removed or is not the enrolled customer's", () => {
    expect(decideAttempt({ ...facts, method: { ...card, removed: true } })).toEqual({ kind: 'SUSPEND', reason: 'METHOD_UNAVAILABLE' });
    expect(decideAttempt({ ...facts, method: null })).toEqual({ kind: 'SUSPEND', reason: 'METHOD_UNAVAILABLE' });
    expect(decideAttempt({ ...facts, enrolledUserId: 'u2' })).toEqual({ kind: 'SUSPEND', reason: 'METHOD_UNAVAILABLE' });
  });

  it('never looks at an expiry on a bank account', () => {
    const bank: SavedMethodSummary = { ...card, kind: 'BANK_ACCOUNT', brand: null, expMonth: null, expYear: null };
    expect(decideAttempt({ ...facts, method: bank, date: '2099-01-15' }).kind).toBe('CHARGE');
  });

  it('suspends, before any debit, on a bank account blocked after a return', () => {
    const bank: SavedMethodSummary = { ...card, kind: 'BANK_ACCOUNT', brand: null, expMonth: null, expYear: null };
    expect(decideAttempt({ ...facts, method: { ...bank, blocked: true, blockedReason: 'R02' } })).toEqual({ kind: 'SUSPEND', reason: 'METHOD_UNAVAILABLE' });
  });
});

describe('amountDueForDeduction', () => {
  const reminded = (amountCents: bigint, paidDownCents = 0n) => ({ amountCents, feeCents: 0n, paidDownCents });

  it("is what is owed, but no more than the cycle's reminder announced", () => {
    expect(amountDueForDeduction(10000n, undefined)).toBe(10000n);
    // Reminded of $60.00; a $40.00 bill imported since waits for the next cycle's reminder.
    expect(amountDueForDeduction(10000n, reminded(6000n))).toBe(6000n);
    // Paid down by $35.00 since the reminder: what is left.
    expect(amountDueForDeduction(2500n, reminded(6000n, 3500n))).toBe(2500n);
  });

  it('is what is left of what the reminder announced once paid down, whatever was billed since', () => {
    // Reminded of $60.00, paid in full, then a $40.00 bill: nothing, the bill waits for its own reminder.
    expect(amountDueForDeduction(4000n, reminded(6000n, 6000n))).toBe(0n);
    // The announced bill cancelled by a -$60.00 credit and reissued for $45.00: nothing, the new bill was never announced.
    expect(amountDueForDeduction(4500n, reminded(6000n, 6000n))).toBe(0n);
    // $20.00 of it paid, then a $40.00 bill: the $40.00 left of what was announced.
    expect(amountDueForDeduction(8000n, reminded(6000n, 2000n))).toBe(4000n);
    // Paid more than was announced (the new bill too): nothing, never below it.
    expect(amountDueForDeduction(0n, reminded(6000n, 10000n))).toBe(0n);
  });

  it('is never more than is owed now, however little was paid down', () => {
    // Less is owed than what is left of the announcement (a payment made as the reminder went out, not counted as since): what is owed.
    expect(amountDueForDeduction(1500n, reminded(6000n, 0n))).toBe(1500n);
  });

  it('is all that is owed when the reminder said the month will not be paid (announced 0)', () => {
    expect(amountDueForDeduction(10000n, { amountCents: 0n, feeCents: null, paidDownCents: 0n })).toBe(10000n);
    expect(amountDueForDeduction(10000n, { amountCents: 0n, feeCents: null, paidDownCents: 2500n })).toBe(10000n);
  });
});

describe('feeForDeduction', () => {
  it("is the city's fee now, but no more than the cycle's reminder announced", () => {
    expect(feeForDeduction(250n, undefined)).toBe(250n);
    // Reminded with no fee; the city added $2.50 since.
    expect(feeForDeduction(250n, { amountCents: 8805n, feeCents: 0n, paidDownCents: 0n })).toBe(0n);
    // Lowered since the reminder: the lower fee.
    expect(feeForDeduction(100n, { amountCents: 8805n, feeCents: 250n, paidDownCents: 0n })).toBe(100n);
  });

  it("is the city's fee now when the reminder announced none (no charge, or recorded before reminders kept it)", () => {
    expect(feeForDeduction(250n, { amountCents: 0n, feeCents: null, paidDownCents: 0n })).toBe(250n);
    expect(feeForDeduction(250n, { amountCents: 8805n, feeCents: null, paidDownCents: 0n })).toBe(250n);
  });
});

describe('suspensionForDecline', () => {
  it('suspends at once a card its processor calls expired or a method it calls gone, and leaves declines a retry may turn to the schedule', () => {
    expect(suspensionForDecline('EXPIRED_CARD')).toBe('CARD_EXPIRED');
    expect(suspensionForDecline('INVALID_ACCOUNT')).toBe('METHOD_UNAVAILABLE');
    expect(suspensionForDecline('METHOD_NOT_FOUND')).toBe('METHOD_UNAVAILABLE');
    for (const code of ['GENERIC_DECLINE', 'INSUFFICIENT_FUNDS', 'PROCESSING_ERROR', null]) expect(suspensionForDecline(code)).toBeNull();
  });
});
