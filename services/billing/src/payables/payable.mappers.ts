import type { Locale } from '@platform/core';
import { centsToMoney } from '../ledger/ledger.mappers';
import type { PayableEntity } from './payable.entity';
import { lineDescription } from './payable-line';
import type { PayableType } from './payable.types';

/** `owedCents`: what the payable has left to pay, from its account's balance (Balance.owedByPayable); its lines' words in `locale`. */
export function toPayableType(payable: PayableEntity, owedCents: bigint, locale: Locale): PayableType {
  return {
    id: payable.id,
    kind: payable.kind,
    referenceNumber: payable.referenceNumber,
    description: payable.description,
    periodStart: payable.periodStart,
    periodEnd: payable.periodEnd,
    issueDate: payable.issueDate,
    dueDate: payable.dueDate,
    total: centsToMoney(payable.totalCents),
    amountOwed: centsToMoney(owedCents),
    lineItems: payable.lineCategories.map((category, n) => ({ category, description: lineDescription(category, locale), amount: centsToMoney(payable.lineAmountsCents[n]!) })),
  };
}
