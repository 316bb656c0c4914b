import { daysBetween, type IsoDate } from '@platform/core';

export const LEDGER_ENTRY_KINDS = ['BILL_ISSUED', 'PAYMENT_POSTED', 'PAYMENT_REVERSED', 'REFUND', 'FEE', 'ADJUSTMENT'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

/**
 * What balance arithmetic needs from a ledger entry. `amountCents` is signed
 * from the city's side: positive means the resident owes more (a bill, a
 * fee, a returned payment), negative means less (a posted payment, a credit).
 */
export interface LedgerFact {
  readonly kind: LedgerEntryKind;
  readonly amountCents: bigint;
  readonly effectiveDate: IsoDate;
  /** When a charge falls due; null for anything that is not a charge (it is due when it happens). */
  readonly dueDate: IsoDate | null;
}

export interface Balance {
  /** The sum of every posted ledger entry. Negative is a credit. */
  readonly postedCents: bigint;
  /** Payments made but not yet posted. */
  readonly pendingCents: bigint;
  /** What is left to pay once pending payments post; never negative. */
  readonly amountDueNowCents: bigint;
  /** Money the city holds for the resident beyond what they owe; never negative. */
  readonly creditCents: bigint;
  /** The part of the posted balance that was due before today and is still unpaid. */
  readonly pastDueCents: bigint;
  /** Days since the oldest unpaid charge fell due; 0 when nothing is past due. */
  readonly daysPastDue: number;
  /** What stays past due once pending payments post (they pay the oldest charges first), and since how many days: what disconnection weighs. */
  readonly pastDueAfterPendingCents: bigint;
  readonly daysPastDueAfterPending: number;
  /** The earliest due date, today or later, of a charge not yet paid. */
  readonly nextDueDate: IsoDate | null;
  /** The part of the posted balance that falls due after today (bills issued ahead of their due date). */
  readonly notYetDueCents: bigint;
  /** Posted e-checks whose bank has not settled them yet: in the posted balance, but they may still come back. */
  readonly awaitingBankCents: bigint;
}

/*
 * Payments pay the oldest charges first. A reversal or a refund takes money
 * back out of what was paid (it does not become a new charge due today), so a
 * returned payment leaves the original bills past due again, as they are.
 */
const isCharge = (fact: LedgerFact) => (fact.kind === 'BILL_ISSUED' || fact.kind === 'FEE' || fact.kind === 'ADJUSTMENT') && fact.amountCents > 0n;

/** Balance figures derived from posted ledger entries and the pending total, as of the city's `today`. */
export function deriveBalance(facts: readonly LedgerFact[], pendingCents: bigint, today: IsoDate, awaitingBankCents: bigint): Balance {
  let postedCents = 0n;
  let paidCents = 0n;
  const charges: { dueDate: IsoDate; cents: bigint }[] = [];
  for (const fact of facts) {
    postedCents += fact.amountCents;
    if (isCharge(fact)) charges.push({ dueDate: fact.dueDate ?? fact.effectiveDate, cents: fact.amountCents });
    else paidCents -= fact.amountCents;
  }
  // More taken back than was ever paid (e.g. a refund of a credit) is owed at once.
  if (paidCents < 0n) {
    charges.push({ dueDate: today, cents: -paidCents });
    paidCents = 0n;
  }
  charges.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));

  let available = paidCents;
  let pendingLeft = pendingCents > 0n ? pendingCents : 0n;
  let pastDueCents = 0n;
  let pastDueAfterPendingCents = 0n;
  let oldestUnpaidDue: IsoDate | null = null;
  let oldestUnpaidAfterPending: IsoDate | null = null;
  let nextDueDate: IsoDate | null = null;
  let notYetDueCents = 0n;
  for (const charge of charges) {
    const applied = available < charge.cents ? available : charge.cents;
    available -= applied;
    const unpaid = charge.cents - applied;
    if (unpaid === 0n) continue;
    const pending = pendingLeft < unpaid ? pendingLeft : unpaid;
    pendingLeft -= pending;
    if (charge.dueDate < today) {
      pastDueCents += unpaid;
      oldestUnpaidDue ??= charge.dueDate;
      if (unpaid > pending) {
        pastDueAfterPendingCents += unpaid - pending;
        oldestUnpaidAfterPending ??= charge.dueDate;
      }
    } else {
      nextDueDate ??= charge.dueDate;
      if (charge.dueDate > today) notYetDueCents += unpaid;
    }
  }

  const afterPending = postedCents - pendingCents;
  return {
    postedCents,
    pendingCents,
    amountDueNowCents: afterPending > 0n ? afterPending : 0n,
    creditCents: postedCents < 0n ? -postedCents : 0n,
    pastDueCents,
    daysPastDue: oldestUnpaidDue ? daysBetween(oldestUnpaidDue, today) : 0,
    pastDueAfterPendingCents,
    daysPastDueAfterPending: oldestUnpaidAfterPending ? daysBetween(oldestUnpaidAfterPending, today) : 0,
    nextDueDate,
    notYetDueCents,
    awaitingBankCents,
  };
}

/**
 * When an amount due is to be paid, as a payer is told it: by a date only when
 * none of it is overdue. `nextDueDate` alone is the next charge's date, weeks
 * ahead while last month's bill is still unpaid, so it is never the due date
 * of an amount that holds money already past due.
 */
export interface AmountDueTerms {
  /** The part of the amount due that fell due before today: to be paid now. 0 when none of it did; never more than the amount due. */
  readonly pastDueCents: bigint;
  /** When the whole amount due falls due: null when part of it is past due (pay now), or when no unpaid charge is dated. */
  readonly dueDate: IsoDate | null;
}

/**
 * The terms of `amountDueCents` (default: the balance's own amount due now).
 * A caller's amount due may also leave out payments the balance does not show
 * yet (still with the processor); those pay the oldest charges first, as
 * pending ones do, so they come off the past-due part first.
 */
export function amountDueTerms(balance: Balance, amountDueCents: bigint = balance.amountDueNowCents): AmountDueTerms {
  const notPastDueCents = balance.amountDueNowCents - balance.pastDueAfterPendingCents;
  const beyond = amountDueCents - notPastDueCents;
  const pastDueCents = beyond <= 0n ? 0n : beyond < balance.pastDueAfterPendingCents ? beyond : balance.pastDueAfterPendingCents;
  return { pastDueCents, dueDate: pastDueCents > 0n ? null : balance.nextDueDate };
}
