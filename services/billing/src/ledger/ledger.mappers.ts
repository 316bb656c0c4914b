import { MoneyType, actorAsSeenBy, type RequestContext } from '@platform/api';
import { money } from '@platform/core';
import type { Balance } from './balance';
import type { LedgerEntryEntity } from './ledger-entry.entity';
import type { AccountBalanceType, LedgerEntryType } from './ledger.types';

export const centsToMoney = (value: bigint) => new MoneyType(money(value));

export function toBalanceType(balance: Balance): AccountBalanceType {
  return {
    posted: centsToMoney(balance.postedCents),
    pendingPayments: centsToMoney(balance.pendingCents),
    amountDueNow: centsToMoney(balance.amountDueNowCents),
    credit: centsToMoney(balance.creditCents),
    pastDue: centsToMoney(balance.pastDueCents),
    daysPastDue: balance.daysPastDue,
    nextDueDate: balance.nextDueDate,
  };
}

/** A ledger entry as the viewer may see it (who recorded it: see actorAsSeenBy). */
export function toLedgerEntryType(entry: LedgerEntryEntity, ctx: RequestContext): LedgerEntryType {
  return {
    id: entry.id,
    kind: entry.kind,
    amount: centsToMoney(entry.amountCents),
    effectiveDate: entry.effectiveDate,
    dueDate: entry.dueDate,
    payableId: entry.payableId,
    memo: entry.memo,
    recordedAt: entry.recordedAt,
    recordedBy: actorAsSeenBy(ctx, entry.recordedBy),
  };
}
