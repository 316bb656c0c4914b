import { centsToMoney } from '../ledger/ledger.mappers';
import type { PayableEntity } from './payable.entity';
import type { PayableType } from './payable.types';

export function toPayableType(payable: PayableEntity): PayableType {
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
    lineItems: payable.lineCategories.map((category, n) => ({ category, description: payable.lineDescriptions[n]!, amount: centsToMoney(payable.lineAmountsCents[n]!) })),
  };
}
