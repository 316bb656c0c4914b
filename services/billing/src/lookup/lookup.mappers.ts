import { maskName, maskStreet } from '../accounts/masking';
import { amountDueTerms } from '../ledger/balance';
import { centsToMoney } from '../ledger/ledger.mappers';
import type { AccountLookup } from './account-lookup.service';
import type { AccountLookupType, PayableLookupType } from './lookup.types';
import type { PayableLookup } from './payable-lookup.service';

export function toAccountLookupType({ account, balance }: AccountLookup): AccountLookupType {
  const terms = amountDueTerms(balance);
  return {
    serviceAccountId: account.id,
    accountNumber: account.accountNumber,
    maskedName: maskName(account.customerName),
    maskedAddress: `${maskStreet(account.addressLine1)}, ${account.city}`,
    status: account.status,
    amountDue: centsToMoney(balance.amountDueNowCents),
    pastDue: centsToMoney(balance.pastDueCents),
    pendingPayments: centsToMoney(balance.pendingCents),
    pastDueNow: centsToMoney(terms.pastDueCents),
    dueDate: terms.dueDate,
  };
}

export function toPayableLookupType({ payable, account, amountDueCents }: PayableLookup): PayableLookupType {
  return {
    payableId: payable.id,
    serviceAccountId: account.id,
    kind: payable.kind,
    referenceNumber: payable.referenceNumber,
    description: payable.description,
    maskedName: maskName(account.customerName),
    issueDate: payable.issueDate,
    dueDate: payable.dueDate,
    total: centsToMoney(payable.totalCents),
    amountDue: centsToMoney(amountDueCents),
  };
}
