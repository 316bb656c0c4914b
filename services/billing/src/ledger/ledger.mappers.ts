import { MoneyType, actorAsSeenBy, isPersonActor, isStaff, type RequestContext } from '@platform/api';
import { money } from '@platform/core';
import { amountDueTerms, type Balance } from './balance';
import { memoLabel } from './ledger-memo';
import type { LedgerEntryEntity } from './ledger-entry.entity';
import type { AccountBalanceType, LedgerEntryType } from './ledger.types';

export const centsToMoney = (value: bigint) => new MoneyType(money(value));

export function toBalanceType(balance: Balance): AccountBalanceType {
  const terms = amountDueTerms(balance);
  return {
    posted: centsToMoney(balance.postedCents),
    pendingPayments: centsToMoney(balance.pendingCents),
    amountDueNow: centsToMoney(balance.amountDueNowCents),
    credit: centsToMoney(balance.creditCents),
    pastDue: centsToMoney(balance.pastDueCents),
    daysPastDue: balance.daysPastDue,
    nextDueDate: balance.nextDueDate,
    pastDueNow: centsToMoney(terms.pastDueCents),
    daysPastDueNow: terms.pastDueCents > 0n ? balance.daysPastDueAfterPending : 0,
    dueDate: terms.dueDate,
  };
}

/** A ledger entry as the viewer may see it (who recorded it: see actorAsSeenBy; its memo: see memoAsSeenBy). */
export function toLedgerEntryType(entry: LedgerEntryEntity, ctx: RequestContext): LedgerEntryType {
  return {
    id: entry.id,
    kind: entry.kind,
    amount: centsToMoney(entry.amountCents),
    effectiveDate: entry.effectiveDate,
    dueDate: entry.dueDate,
    payableId: entry.payableId,
    memo: memoAsSeenBy(ctx, entry),
    memoLabel: memoAsSeenBy(ctx, entry) === null ? null : memoLabel(entry, ctx.locale),
    recordedAt: entry.recordedAt,
    recordedBy: actorAsSeenBy(ctx, entry.recordedBy),
  };
}

/**
 * A refund's or void's memo is the reason a staff member (or the platform
 * operator) typed for the city's records ("charged twice", or worse): staff
 * see it, a customer does not, as with a status change's note. An
 * adjustment's memo is written for the resident (AdjustmentInput.memo: "shown
 * in the ledger"), and one written by a job (a returned payment's bank
 * reason, a fee) is the platform's own.
 */
function memoAsSeenBy(ctx: RequestContext, entry: LedgerEntryEntity): string | null {
  const staffReason = (entry.kind === 'REFUND' || entry.kind === 'PAYMENT_REVERSED') && isPersonActor(entry.recordedBy);
  return staffReason && !isStaff(ctx) ? null : entry.memo;
}
