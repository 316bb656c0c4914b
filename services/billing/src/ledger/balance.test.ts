import { addDays } from '@platform/core';
import fc from 'fast-check';
import { LEDGER_ENTRY_KINDS, amountDueTerms, deriveBalance, type LedgerFact, type PendingPayment } from './balance';

const TODAY = '2026-11-23';
const bill = (cents: bigint, dueDate: string, effectiveDate = addDays(dueDate, -21), payableId: string | null = null): LedgerFact => ({
  kind: 'BILL_ISSUED',
  amountCents: cents,
  effectiveDate,
  dueDate,
  payableId,
});
/** A payment posted to the account in general, or (with `payableId`) made to one payable. */
const payment = (cents: bigint, effectiveDate: string, payableId: string | null = null): LedgerFact => ({ kind: 'PAYMENT_POSTED', amountCents: -cents, effectiveDate, dueDate: null, payableId });
/** Payments made and not posted yet, each to the account in general unless it names a payable. */
const pending = (...payments: (bigint | PendingPayment)[]): PendingPayment[] => payments.map((p) => (typeof p === 'bigint' ? { cents: p, payableId: null } : p));

describe('deriveBalance, by example', () => {
  it('applies payments to the oldest bills first', () => {
    const balance = deriveBalance([bill(5000n, '2026-10-01'), bill(6000n, '2026-11-01'), bill(7000n, '2026-12-01'), payment(8000n, '2026-11-05')], pending(), TODAY, 0n);
    expect(balance).toEqual({
      postedCents: 10000n,
      pendingCents: 0n,
      amountDueNowCents: 10000n,
      creditCents: 0n,
      pastDueCents: 3000n,
      daysPastDue: 22,
      pastDueAfterPendingCents: 3000n,
      daysPastDueAfterPending: 22,
      nextDueDate: '2026-12-01',
      comingDue: [{ dueDate: '2026-12-01', cents: 7000n }],
      notYetDueCents: 7000n,
      awaitingBankCents: 0n,
      owedByPayable: new Map(),
    });
  });

  it('leaves a credit after an overpayment', () => {
    const balance = deriveBalance([bill(5000n, '2026-12-01'), payment(7500n, '2026-11-20')], pending(), TODAY, 0n);
    expect(balance).toMatchObject({ postedCents: -2500n, amountDueNowCents: 0n, creditCents: 2500n, pastDueCents: 0n, nextDueDate: null });
  });

  it('counts pending payments in the amount due now but not in the posted balance', () => {
    const balance = deriveBalance([bill(5000n, '2026-11-01')], pending(2000n), TODAY, 0n);
    expect(balance).toMatchObject({ postedCents: 5000n, pendingCents: 2000n, amountDueNowCents: 3000n, pastDueCents: 5000n });
    expect(balance).toMatchObject({ pastDueAfterPendingCents: 3000n, daysPastDueAfterPending: 22 });
  });

  it('counts past-due days from the oldest charge a pending payment leaves unpaid', () => {
    // Two bills behind, the older one paid and not yet posted: 22 days past due once it posts, not 53.
    const balance = deriveBalance([bill(6000n, '2026-10-01'), bill(6000n, '2026-11-01')], pending(6000n), TODAY, 0n);
    expect(balance).toMatchObject({ pastDueCents: 12000n, daysPastDue: 53, pastDueAfterPendingCents: 6000n, daysPastDueAfterPending: 22 });
    expect(deriveBalance([bill(6000n, '2026-10-01')], pending(6000n), TODAY, 0n)).toMatchObject({ pastDueAfterPendingCents: 0n, daysPastDueAfterPending: 0 });
  });

  it('makes the original bill past due again when its payment is returned', () => {
    const facts = [bill(5000n, '2026-11-01'), payment(5000n, '2026-10-28'), { kind: 'PAYMENT_REVERSED', amountCents: 5000n, effectiveDate: '2026-11-20', dueDate: null, payableId: null } as const];
    expect(deriveBalance(facts, pending(), TODAY, 0n)).toMatchObject({ postedCents: 5000n, pastDueCents: 5000n, daysPastDue: 22 });
  });

  // Norman: September's water bill ($100.00) two months past due, and a $150.00 citation not due until December.
  const water = bill(10000n, '2026-09-22', '2026-09-01', 'water');
  const citation = bill(15000n, '2026-12-01', '2026-11-01', 'citation');

  it('applies a payment made to a payable to that payable, not to an older charge', () => {
    const citationPaid = deriveBalance([water, citation, payment(15000n, '2026-11-23', 'citation')], pending(), TODAY, 0n);
    expect(citationPaid).toMatchObject({ postedCents: 10000n, pastDueCents: 10000n, daysPastDue: 62, pastDueAfterPendingCents: 10000n, notYetDueCents: 0n, nextDueDate: null });
    // The other way round: the water bill paid by its number while an older citation is unpaid.
    const olderCitation = bill(15000n, '2026-09-15', '2026-09-01', 'citation');
    const waterPaid = deriveBalance([olderCitation, water, payment(10000n, '2026-11-20', 'water')], pending(), TODAY, 0n);
    expect(waterPaid).toMatchObject({ postedCents: 15000n, pastDueCents: 15000n, daysPastDue: 69 });
    // Paid to the account in general, the same money pays the oldest charge.
    expect(deriveBalance([water, citation, payment(15000n, '2026-11-23')], pending(), TODAY, 0n)).toMatchObject({ pastDueCents: 0n, notYetDueCents: 10000n, nextDueDate: '2026-12-01' });
  });

  it('pays what a payment to a payable leaves over to the oldest charges', () => {
    const small = bill(5000n, '2026-12-01', '2026-11-01', 'citation');
    expect(deriveBalance([water, small, payment(8000n, '2026-11-23', 'citation')], pending(), TODAY, 0n)).toMatchObject({ pastDueCents: 7000n, notYetDueCents: 0n, nextDueDate: null });
    // A payable the ledger holds no charge of (another account's) pays the oldest charges with all of it.
    expect(deriveBalance([water, payment(4000n, '2026-11-23', 'elsewhere')], pending(), TODAY, 0n)).toMatchObject({ pastDueCents: 6000n });
  });

  it('makes the payable a returned or refunded payment paid owed again, not the oldest charge', () => {
    // Two citations, each paid by its number, and the water bill paid to the account; the older citation's payment comes back.
    const older = bill(5000n, '2026-11-01', '2026-10-10', 'citation');
    const newer = bill(5000n, '2026-11-10', '2026-10-20', 'another');
    const paid = [water, older, newer, payment(10000n, '2026-10-01'), payment(5000n, '2026-10-20', 'citation'), payment(5000n, '2026-10-25', 'another')];
    const returned = { kind: 'PAYMENT_REVERSED', amountCents: 5000n, effectiveDate: '2026-11-20', dueDate: null, payableId: 'citation' } as const;
    expect(deriveBalance([...paid, returned], pending(), TODAY, 0n)).toMatchObject({ postedCents: 5000n, pastDueCents: 5000n, daysPastDue: 22 });
    const refunded = { kind: 'REFUND', amountCents: 2000n, effectiveDate: '2026-11-20', dueDate: null, payableId: 'citation' } as const;
    expect(deriveBalance([...paid, refunded], pending(), TODAY, 0n)).toMatchObject({ postedCents: 2000n, pastDueCents: 2000n, daysPastDue: 22 });
  });

  it('counts a pending payment to a payable against that payable, as it will post', () => {
    const citationPending = deriveBalance([water, citation], pending({ cents: 15000n, payableId: 'citation' }), TODAY, 0n);
    expect(citationPending).toMatchObject({ pendingCents: 15000n, amountDueNowCents: 10000n, pastDueCents: 10000n, pastDueAfterPendingCents: 10000n, daysPastDueAfterPending: 62 });
    expect(deriveBalance([water, citation], pending({ cents: 17000n, payableId: 'citation' }), TODAY, 0n)).toMatchObject({ pastDueAfterPendingCents: 8000n });
  });

  it('says what each payable has left to pay: a credit naming one pays it, one to the account the oldest first', () => {
    const credit = (cents: bigint, payableId: string | null = null): LedgerFact => ({ kind: 'ADJUSTMENT', amountCents: -cents, effectiveDate: TODAY, dueDate: null, payableId });
    const owed = (facts: readonly LedgerFact[], ...waiting: PendingPayment[]) => Object.fromEntries(deriveBalance(facts, waiting, TODAY, 0n).owedByPayable);
    expect(owed([water, citation])).toEqual({ water: 10000n, citation: 15000n });
    // The dismissed citation credited back by name; the same credit to the account pays the water bill, then the citation.
    expect(owed([water, citation, credit(15000n, 'citation')])).toEqual({ water: 10000n, citation: 0n });
    expect(owed([water, citation, credit(15000n)])).toEqual({ water: 0n, citation: 10000n });
    // A fee on the citation is owed on it; a pending payment of it counts, as it will post.
    const fee: LedgerFact = { kind: 'FEE', amountCents: 2500n, effectiveDate: TODAY, dueDate: '2026-12-01', payableId: 'citation' };
    expect(owed([water, citation, fee], { cents: 5000n, payableId: 'citation' })).toEqual({ water: 10000n, citation: 12500n });
  });

  it('treats a charge due today as due, not past due', () => {
    expect(deriveBalance([bill(5000n, TODAY)], pending(), TODAY, 0n)).toMatchObject({ pastDueCents: 0n, daysPastDue: 0, nextDueDate: TODAY, notYetDueCents: 0n });
  });

  it('is empty for an account with no entries', () => {
    expect(deriveBalance([], pending(), TODAY, 0n)).toEqual({
      postedCents: 0n,
      pendingCents: 0n,
      amountDueNowCents: 0n,
      creditCents: 0n,
      pastDueCents: 0n,
      daysPastDue: 0,
      pastDueAfterPendingCents: 0n,
      daysPastDueAfterPending: 0,
      nextDueDate: null,
      comingDue: [],
      notYetDueCents: 0n,
      awaitingBankCents: 0n,
      owedByPayable: new Map(),
    });
  });
});

// Dates within a year either side of TODAY; amounts up to ten trillion dollars, far past 2^53 cents.
const date = fc.integer({ min: -365, max: 365 }).map((offset) => addDays(TODAY, offset));
const cents = fc.bigInt({ min: 1n, max: 1_000_000_000_000_000n });
// A few payables, so payments and charges of the same one meet; charges and payments of none too.
const payableId = fc.option(fc.constantFrom('p1', 'p2', 'p3'));
const fact: fc.Arbitrary<LedgerFact> = fc
  .record({ kind: fc.constantFrom(...LEDGER_ENTRY_KINDS), magnitude: cents, negative: fc.boolean(), effectiveDate: date, dueDate: fc.option(date), payableId })
  .map(({ kind, magnitude, negative, effectiveDate, dueDate, payableId }) => {
    // Each kind with the sign it has in a real ledger; adjustments go either way. Fees and adjustments are the account's, no payable's.
    const sign = kind === 'PAYMENT_POSTED' || (kind === 'ADJUSTMENT' && negative) ? -1n : 1n;
    const ofPayable = kind === 'FEE' || kind === 'ADJUSTMENT' ? null : payableId;
    return { kind, amountCents: sign * magnitude, effectiveDate, dueDate: kind === 'BILL_ISSUED' ? (dueDate ?? effectiveDate) : null, payableId: ofPayable };
  });
const ledger = fc.array(fact, { maxLength: 40 });
const pendingPayments = fc.array(
  fc.record({ cents, payableId }).map((p): PendingPayment => p),
  { maxLength: 4 },
);
const total = (payments: readonly PendingPayment[]) => payments.reduce((sum, p) => sum + p.cents, 0n);

describe('deriveBalance, by property', () => {
  it('posted balance is exactly the sum of the ledger entries', () => {
    fc.assert(
      fc.property(ledger, pendingPayments, (facts, payments) => {
        const sum = facts.reduce((total, f) => total + f.amountCents, 0n);
        expect(deriveBalance(facts, payments, TODAY, 0n).postedCents).toBe(sum);
      }),
    );
  });

  it('never produces a float: every amount is a bigint and days are whole', () => {
    fc.assert(
      fc.property(ledger, pendingPayments, (facts, payments) => {
        const balance = deriveBalance(facts, payments, TODAY, 0n);
        for (const key of ['postedCents', 'pendingCents', 'amountDueNowCents', 'creditCents', 'pastDueCents', 'pastDueAfterPendingCents'] as const) expect(typeof balance[key]).toBe('bigint');
        expect(Number.isInteger(balance.daysPastDue) && Number.isInteger(balance.daysPastDueAfterPending)).toBe(true);
      }),
    );
  });

  it('keeps every figure consistent with the posted balance', () => {
    fc.assert(
      fc.property(ledger, pendingPayments, (facts, payments) => {
        const b = deriveBalance(facts, payments, TODAY, 0n);
        const pendingCents = total(payments);
        const owed = b.postedCents > 0n ? b.postedCents : 0n;
        expect(b.pendingCents).toBe(pendingCents);
        expect(b.pastDueCents >= 0n && b.pastDueCents <= owed).toBe(true);
        expect(b.amountDueNowCents).toBe(b.postedCents - pendingCents > 0n ? b.postedCents - pendingCents : 0n);
        expect(b.pastDueAfterPendingCents <= b.amountDueNowCents).toBe(true);
        expect(b.creditCents).toBe(b.postedCents < 0n ? -b.postedCents : 0n);
        expect(b.daysPastDue > 0).toBe(b.pastDueCents > 0n);
        // Pending payments pay no more than they are; those to the account pay the oldest charges first, and past-due charges are the oldest.
        const leastLeft = b.pastDueCents > pendingCents ? b.pastDueCents - pendingCents : 0n;
        expect(b.pastDueAfterPendingCents >= leastLeft && b.pastDueAfterPendingCents <= b.pastDueCents).toBe(true);
        if (payments.every((p) => p.payableId === null)) expect(b.pastDueAfterPendingCents).toBe(leastLeft);
        expect(b.daysPastDueAfterPending > 0).toBe(b.pastDueAfterPendingCents > 0n);
        expect(b.daysPastDueAfterPending <= b.daysPastDue).toBe(true);
        if (b.nextDueDate !== null) expect(b.nextDueDate >= TODAY).toBe(true);
      }),
    );
  });

  it('pays charges falling due the same day in one order, whatever order they are read in (a case the property found)', () => {
    const bills: LedgerFact[] = [
      { kind: 'BILL_ISSUED', amountCents: 1n, effectiveDate: '2026-11-23', dueDate: '2026-11-20', payableId: 'p1' },
      { kind: 'BILL_ISSUED', amountCents: 1n, effectiveDate: '2026-11-20', dueDate: '2026-11-20', payableId: null },
    ];
    const owed = (facts: readonly LedgerFact[]) => deriveBalance(facts, [{ cents: 1n, payableId: null }], TODAY, 0n).owedByPayable;
    expect([owed(bills), owed([...bills].reverse())]).toEqual([new Map([['p1', 1n]]), new Map([['p1', 1n]])]);
  });

  it('does not depend on the order the entries are read in', () => {
    fc.assert(
      fc.property(ledger, pendingPayments, fc.infiniteStream(fc.nat()), (facts, payments, seeds) => {
        const shuffle = <T>(items: readonly T[]) =>
          items
            .map((item) => ({ item, key: seeds.next().value as number }))
            .sort((a, b) => a.key - b.key)
            .map(({ item }) => item);
        const { nextDueDate, ...figures } = deriveBalance(facts, payments, TODAY, 0n);
        const other = deriveBalance(shuffle(facts), shuffle(payments), TODAY, 0n);
        expect(other).toEqual({ ...figures, nextDueDate });
      }),
    );
  });

  it('paying the posted balance in full clears everything due', () => {
    fc.assert(
      fc.property(ledger, (facts) => {
        const before = deriveBalance(facts, pending(), TODAY, 0n);
        fc.pre(before.postedCents > 0n);
        const after = deriveBalance([...facts, payment(before.postedCents, TODAY)], pending(), TODAY, 0n);
        expect(after).toMatchObject({ postedCents: 0n, amountDueNowCents: 0n, pastDueCents: 0n, daysPastDue: 0, nextDueDate: null });
      }),
    );
  });
});

describe('amountDueTerms', () => {
  // October's $50.00, unpaid since October 22; November's $40.00, due December 6.
  const behind = deriveBalance([bill(5000n, '2026-10-22'), bill(4000n, '2026-12-06')], pending(), TODAY, 0n);

  it('gives an amount due holding a past-due bill no date: its past-due part is to be paid now', () => {
    expect(behind).toMatchObject({ amountDueNowCents: 9000n, pastDueAfterPendingCents: 5000n, nextDueDate: '2026-12-06' });
    expect(amountDueTerms(behind)).toEqual({ pastDueCents: 5000n, dueDate: null });
  });

  it('gives the next due date once nothing past due is left, a pending payment of it counted', () => {
    expect(amountDueTerms(deriveBalance([bill(5000n, '2026-10-22'), bill(4000n, '2026-12-06')], pending(5000n), TODAY, 0n))).toEqual({ pastDueCents: 0n, dueDate: '2026-12-06' });
    expect(amountDueTerms(deriveBalance([bill(4000n, '2026-12-06')], pending(), TODAY, 0n))).toEqual({ pastDueCents: 0n, dueDate: '2026-12-06' });
    expect(amountDueTerms(deriveBalance([], pending(), TODAY, 0n))).toEqual({ pastDueCents: 0n, dueDate: null });
  });

  it('takes payments the balance does not show yet off the past-due part first', () => {
    expect(amountDueTerms(behind, 6000n)).toEqual({ pastDueCents: 2000n, dueDate: null });
    expect(amountDueTerms(behind, 4000n)).toEqual({ pastDueCents: 0n, dueDate: '2026-12-06' });
    expect(amountDueTerms(behind, 0n)).toEqual({ pastDueCents: 0n, dueDate: null });
  });

  it('dates what is left once a pending payment has paid the nearer bill by the bill it is left of (found by review: the paid bill’s date)', () => {
    // $50.00 due December 1 and $30.00 due December 20, neither due yet; $50.00 paid and pending pays the December 1 bill.
    const twoAhead = [bill(5000n, '2026-12-01'), bill(3000n, '2026-12-20')];
    const paidNearer = deriveBalance(twoAhead, pending(5000n), TODAY, 0n);
    expect(paidNearer).toMatchObject({ amountDueNowCents: 3000n, comingDue: [{ dueDate: '2026-12-20', cents: 3000n }] });
    expect(amountDueTerms(paidNearer)).toEqual({ pastDueCents: 0n, dueDate: '2026-12-20' });
    // Part of the nearer bill still unpaid: the whole amount is due when it is.
    expect(amountDueTerms(deriveBalance(twoAhead, pending(4000n), TODAY, 0n))).toEqual({ pastDueCents: 0n, dueDate: '2026-12-01' });
    // A payment still with the processor (the phone line's amount due leaves it out) pays the nearer bill first, too.
    expect(amountDueTerms(deriveBalance(twoAhead, pending(), TODAY, 0n), 3000n)).toEqual({ pastDueCents: 0n, dueDate: '2026-12-20' });
    // Everything paid, pending: nothing is due, so no date.
    expect(amountDueTerms(deriveBalance(twoAhead, pending(8000n), TODAY, 0n))).toEqual({ pastDueCents: 0n, dueDate: null });
  });

  it('never dates an amount due that holds money past due, nor calls more of it past due than it is', () => {
    fc.assert(
      fc.property(ledger, pendingPayments, fc.bigInt({ min: 0n, max: 1_000_000_000_000_000n }), (facts, payments, amountDueCents) => {
        const b = deriveBalance(facts, payments, TODAY, 0n);
        // What is not past due once pending payments post is what comes due, by date.
        expect(b.comingDue.reduce((sum, part) => sum + part.cents, 0n)).toBe(b.amountDueNowCents - b.pastDueAfterPendingCents);
        expect(b.comingDue.every((part, i) => part.cents > 0n && part.dueDate >= TODAY && (i === 0 || b.comingDue[i - 1]!.dueDate < part.dueDate))).toBe(true);
        const whole = amountDueTerms(b);
        expect(whole).toEqual({ pastDueCents: b.pastDueAfterPendingCents, dueDate: b.pastDueAfterPendingCents > 0n ? null : (b.comingDue[0]?.dueDate ?? null) });
        // Nothing paid yet but posted: the next due date never comes after the date of what is left.
        if (whole.dueDate !== null && b.nextDueDate !== null) expect(b.nextDueDate <= whole.dueDate).toBe(true);
        const terms = amountDueTerms(b, amountDueCents);
        expect(terms.pastDueCents >= 0n && terms.pastDueCents <= amountDueCents && terms.pastDueCents <= b.pastDueAfterPendingCents).toBe(true);
        if (terms.pastDueCents > 0n || amountDueCents === 0n) expect(terms.dueDate).toBeNull();
        // Less due than the balance says (payments it does not show yet pay the oldest first): due no earlier than the whole.
        else expect(terms.dueDate === null || whole.dueDate === null || terms.dueDate >= whole.dueDate).toBe(true);
      }),
    );
  });
});
