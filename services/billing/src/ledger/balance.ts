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
  /** The payable a bill charges, a payment (and its return, void or refund) was made to, or a fee or correction is for; null for the account in general. */
  readonly payableId: string | null;
}

/** A payment made and not posted yet: `cents` positive; `payableId` the payable it was made to, null for the account in general. */
export interface PendingPayment {
  readonly cents: bigint;
  readonly payableId: string | null;
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
  /** What stays past due once pending payments post (each pays what posted ones do), and since how many days: what disconnection weighs. */
  readonly pastDueAfterPendingCents: bigint;
  readonly daysPastDueAfterPending: number;
  /** The earliest due date, today or later, of a posted charge not yet paid (pending payments not counted). */
  readonly nextDueDate: IsoDate | null;
  /**
   * What stays unpaid and is not past due once pending payments post, in cents
   * by due date, oldest first: the amount due less its past-due part, by when
   * each part of it falls due (see amountDueTerms).
   */
  readonly comingDue: readonly ComingDue[];
  /** The part of the posted balance that falls due after today (bills issued ahead of their due date). */
  readonly notYetDueCents: bigint;
  /** Posted e-checks whose bank has not settled them yet: in the posted balance, but they may still come back. */
  readonly awaitingBankCents: bigint;
  /**
   * What each payable the ledger charges (a bill, and fees or charges naming it) has left to pay once pending payments
   * post, in cents, never negative: paid as this balance pays charges, so payments and credits naming it pay it first
   * and those to the account in general pay the oldest charges first. A payable paid off is here with 0n.
   */
  readonly owedByPayable: ReadonlyMap<string, bigint>;
}

/** Cents that fall due on `dueDate` (today or later). */
interface ComingDue {
  readonly dueDate: IsoDate;
  readonly cents: bigint;
}

/*
 * A payment made to a payable (a citation paid by its number, a bill found by
 * its number) pays that payable's charge, as what the payable still owes
 * (amountsOwed) counts it; only what it pays beyond that charge goes to the
 * account's other charges. A credit correcting a payable (a dismissed
 * citation) pays it the same way, and a fee or charge naming one is owed on
 * it. Payments to the account in general pay the oldest charges first. A reversal or a refund takes money back out of what its
 * payment paid (it does not become a new charge due today), so a returned
 * payment leaves the charges it paid past due again, as they are.
 */
const isCharge = (fact: LedgerFact) => (fact.kind === 'BILL_ISSUED' || fact.kind === 'FEE' || fact.kind === 'ADJUSTMENT') && fact.amountCents > 0n;

interface Charge {
  readonly dueDate: IsoDate;
  readonly payableId: string | null;
  /** Left to pay after posted payments. */
  unpaid: bigint;
  /** Left to pay once pending payments post too. */
  afterPending: bigint;
}

/*
 * Oldest first; charges falling due the same day in one order whatever order the ledger was read in (the account's
 * own charges, then each payable's by its id), or which of them a payment to the account paid, and so what each
 * payable still owes, would follow the order rows came back in.
 */
const byDueDate = (a: Charge, b: Charge) =>
  a.dueDate !== b.dueDate ? (a.dueDate < b.dueDate ? -1 : 1) : a.payableId === b.payableId ? 0 : a.payableId === null ? -1 : b.payableId === null ? 1 : a.payableId < b.payableId ? -1 : 1;

/** Balance figures derived from posted ledger entries and pending payments, as of the city's `today`. */
export function deriveBalance(facts: readonly LedgerFact[], pending: readonly PendingPayment[], today: IsoDate, awaitingBankCents: bigint): Balance {
  let postedCents = 0n;
  const charges: Charge[] = [];
  // Net of payments less what was taken back of them, by the payable they were made to (null: the account in general).
  const paidTo = new Map<string | null, bigint>();
  for (const fact of facts) {
    postedCents += fact.amountCents;
    if (isCharge(fact)) charges.push({ dueDate: fact.dueDate ?? fact.effectiveDate, payableId: fact.payableId, unpaid: fact.amountCents, afterPending: 0n });
    else paidTo.set(fact.payableId, (paidTo.get(fact.payableId) ?? 0n) - fact.amountCents);
  }
  charges.sort(byDueDate);

  let general = 0n;
  for (const [payableId, cents] of paidTo) general += payableId === null || cents <= 0n ? cents : pay(charges, 'unpaid', payableId, cents);
  // More taken back than was ever paid (e.g. a refund of a credit) is owed at once.
  if (general < 0n) {
    charges.push({ dueDate: today, payableId: null, unpaid: -general, afterPending: 0n });
    charges.sort(byDueDate);
    general = 0n;
  }
  pay(charges, 'unpaid', null, general);

  let pendingCents = 0n;
  let generalPending = 0n;
  for (const charge of charges) charge.afterPending = charge.unpaid;
  for (const payment of pending) {
    pendingCents += payment.cents;
    if (payment.cents > 0n) generalPending += payment.payableId === null ? payment.cents : pay(charges, 'afterPending', payment.payableId, payment.cents);
  }
  pay(charges, 'afterPending', null, generalPending);

  let pastDueCents = 0n;
  let pastDueAfterPendingCents = 0n;
  let oldestUnpaidDue: IsoDate | null = null;
  let oldestUnpaidAfterPending: IsoDate | null = null;
  let nextDueDate: IsoDate | null = null;
  let notYetDueCents = 0n;
  const comingDue: ComingDue[] = [];
  for (const { dueDate, unpaid, afterPending } of charges) {
    if (unpaid === 0n) continue;
    if (dueDate >= today && afterPending > 0n) {
      // Charges sharing a date are one sum, however payments were split between them.
      const last = comingDue.at(-1);
      if (last?.dueDate === dueDate) comingDue[comingDue.length - 1] = { dueDate, cents: last.cents + afterPending };
      else comingDue.push({ dueDate, cents: afterPending });
    }
    if (dueDate < today) {
      pastDueCents += unpaid;
      oldestUnpaidDue ??= dueDate;
      if (afterPending > 0n) {
        pastDueAfterPendingCents += afterPending;
        oldestUnpaidAfterPending ??= dueDate;
      }
    } else {
      nextDueDate ??= dueDate;
      if (dueDate > today) notYetDueCents += unpaid;
    }
  }

  const owedByPayable = new Map<string, bigint>();
  for (const charge of charges) if (charge.payableId !== null) owedByPayable.set(charge.payableId, (owedByPayable.get(charge.payableId) ?? 0n) + charge.afterPending);

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
    comingDue,
    notYetDueCents,
    awaitingBankCents,
    owedByPayable,
  };
}

/**
 * Pays `cents` into what `left` says the charges of `payableId` (every
 * charge, when null) still owe, oldest first; returns what is over.
 */
function pay(charges: readonly Charge[], left: 'unpaid' | 'afterPending', payableId: string | null, cents: bigint): bigint {
  let over = cents;
  for (const charge of charges) {
    if (over === 0n) break;
    if (payableId !== null && charge.payableId !== payableId) continue;
    const applied = over < charge[left] ? over : charge[left];
    charge[left] -= applied;
    over -= applied;
  }
  return over;
}

/**
 * When an amount due is to be paid, as a payer is told it: by a date only when
 * none of it is overdue. `nextDueDate` alone is the next charge's date, weeks
 * ahead while last month's bill is still unpaid, so it is never the due date
 * of an amount that holds money already past due; nor, while a pending
 * payment has paid that charge, the due date of what is left.
 */
export interface AmountDueTerms {
  /** The part of the amount due that fell due before today: to be paid now. 0 when none of it did; never more than the amount due. */
  readonly pastDueCents: bigint;
  /** When the whole amount due falls due: the date of the oldest charge it still holds; null when part of it is past due (pay now), or when nothing is due. */
  readonly dueDate: IsoDate | null;
}

/**
 * The terms of `amountDueCents` (default: the balance's own amount due now).
 * A caller's amount due may also leave out payments the balance does not show
 * yet (still with the processor); those pay the oldest charges first, as
 * pending payments to the account do, so they come off the past-due part first,
 * then off the nearest charges coming due. What is left is the newest charges'
 * unpaid part, due when the oldest of them is.
 */
export function amountDueTerms(balance: Balance, amountDueCents: bigint = balance.amountDueNowCents): AmountDueTerms {
  const notPastDueCents = balance.amountDueNowCents - balance.pastDueAfterPendingCents;
  const beyond = amountDueCents - notPastDueCents;
  const pastDueCents = beyond <= 0n ? 0n : beyond < balance.pastDueAfterPendingCents ? beyond : balance.pastDueAfterPendingCents;
  if (pastDueCents > 0n) return { pastDueCents, dueDate: null };
  let dueDate: IsoDate | null = null;
  let left = amountDueCents;
  for (let i = balance.comingDue.length - 1; i >= 0 && left > 0n; i--) {
    dueDate = balance.comingDue[i]!.dueDate;
    left -= balance.comingDue[i]!.cents;
  }
  return { pastDueCents, dueDate };
}
