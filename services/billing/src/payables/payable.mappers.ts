import { centsToMoney } from '../ledger/ledger.mappers';
import type { PayableEntity } from './payable.entity';
import type { PayableType } from './payable.types';

/** `owedCents`: what the payable has left to pay, from its account's balance (Balance.owedByPayable). */
export function toPayableType(payable: PayableEntity, owedCents: bigint): PayableType {
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
    lineItems: payable.lineCategories.map((category, n) => ({ category, description: payable.lineDescriptions[n]!, amount: centsToMoney(payable.lineAmountsCents[n]!) })),
  };
}
