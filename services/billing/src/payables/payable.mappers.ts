import { centsToMoney } from '../ledger/ledger.mappers';
import type { PayableWithLines } from './payable.queries';
import type { PayableType } from './payable.types';

export function toPayableType({ payable, lines }: PayableWithLines): PayableType {
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
    lineItems: lines.map((line) => ({ category: line.category, description: line.description, amount: centsToMoney(line.amountCents) })),
  };
}
