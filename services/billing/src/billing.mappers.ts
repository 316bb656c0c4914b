import { MoneyType } from '@platform/api';
import { money, type UserError, type Result } from '@platform/core';
import type { AccountStatusChangeEntity } from './account-status-change.entity';
import type { Balance } from './balance';
import type { BillRow, RowError } from './bill-rows';
import type { ImportOutcome } from './bill-import.service';
import type { BillInput } from './billing.inputs';
import type {
  AccountBalanceType,
  AccountLookupType,
  AccountStatusChangeType,
  ImportBillsPayloadType,
  LedgerEntryType,
  PayableLookupType,
  PayableType,
  ServiceAccountPayloadType,
  ServiceAccountType,
} from './billing.types';
import type { LedgerEntryEntity } from './ledger-entry.entity';
import { maskName, maskStreet } from './masking';
import type { PayableLineEntity } from './payable-line.entity';
import type { PayableLookup } from './payable-lookup.service';
import type { PayableEntity } from './payable.entity';
import type { ServiceAccountEntity } from './service-account.entity';

const cents = (value: bigint) => new MoneyType(money(value));

export function toServiceAccountType(account: ServiceAccountEntity): ServiceAccountType {
  return {
    id: account.id,
    accountNumber: account.accountNumber,
    customerName: account.customerName,
    serviceAddress: { line1: account.addressLine1, line2: account.addressLine2, city: account.city, region: account.region, postalCode: account.postalCode },
    status: account.status,
    openedOn: account.openedOn,
    closedOn: account.closedOn,
  };
}

export function toBalanceType(balance: Balance): AccountBalanceType {
  return {
    posted: cents(balance.postedCents),
    pendingPayments: cents(balance.pendingCents),
    amountDueNow: cents(balance.amountDueNowCents),
    credit: cents(balance.creditCents),
    pastDue: cents(balance.pastDueCents),
    daysPastDue: balance.daysPastDue,
    nextDueDate: balance.nextDueDate,
  };
}

export function toLookupType(account: ServiceAccountEntity, balance: Balance): AccountLookupType {
  return {
    serviceAccountId: account.id,
    accountNumber: account.accountNumber,
    maskedName: maskName(account.customerName),
    maskedAddress: `${maskStreet(account.addressLine1)}, ${account.city}`,
    status: account.status,
    amountDue: cents(balance.amountDueNowCents),
    pastDue: cents(balance.pastDueCents),
    pendingPayments: cents(balance.pendingCents),
    dueDate: balance.nextDueDate,
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
    total: cents(payable.totalCents),
    amountDue: cents(amountDueCents),
  };
}

export function toLedgerEntryType(entry: LedgerEntryEntity): LedgerEntryType {
  return {
    id: entry.id,
    kind: entry.kind,
    amount: cents(entry.amountCents),
    effectiveDate: entry.effectiveDate,
    dueDate: entry.dueDate,
    payableId: entry.payableId,
    memo: entry.memo,
    recordedAt: entry.recordedAt,
    recordedBy: entry.recordedBy,
  };
}

export function toPayableType(payable: PayableEntity, lines: readonly PayableLineEntity[]): PayableType {
  return {
    id: payable.id,
    kind: payable.kind,
    referenceNumber: payable.referenceNumber,
    description: payable.description,
    periodStart: payable.periodStart,
    periodEnd: payable.periodEnd,
    issueDate: payable.issueDate,
    dueDate: payable.dueDate,
    total: cents(payable.totalCents),
    lineItems: lines.map((line) => ({ category: line.category, description: line.description, amount: cents(line.amountCents) })),
  };
}

export function toStatusChangeType(change: AccountStatusChangeEntity): AccountStatusChangeType {
  return { fromStatus: change.fromStatus, toStatus: change.toStatus, reason: change.reason, actor: change.actor, occurredAt: change.occurredAt };
}

export function toServiceAccountPayload(result: Result<ServiceAccountEntity>): ServiceAccountPayloadType {
  return result.ok ? { serviceAccount: toServiceAccountType(result.value), userErrors: [] } : { serviceAccount: null, userErrors: result.userErrors.map(toUserError) };
}

export const toUserError = (error: UserError) => ({ field: [...error.field], code: error.code, message: error.message });

/** GraphQL bills as import rows: the list position is the "line", and errors name the input's camelCase fields. */
export function billInputsToRows(bills: readonly BillInput[]): BillRow[] {
  return bills.map((bill, index) => ({
    line: index + 1,
    cells: {
      bill_number: bill.billNumber,
      account_number: bill.accountNumber,
      kind: bill.kind ?? undefined,
      issue_date: bill.issueDate,
      due_date: bill.dueDate,
      period_start: bill.periodStart ?? undefined,
      period_end: bill.periodEnd ?? undefined,
      water: bill.water ?? undefined,
      sewer: bill.sewer ?? undefined,
      trash: bill.trash ?? undefined,
      fees: bill.fees ?? undefined,
      other: bill.other ?? undefined,
      description: bill.description ?? undefined,
    },
  }));
}

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_whole, letter: string) => letter.toUpperCase());

export function toImportPayload(outcome: ImportOutcome, fieldNames: 'csv' | 'input'): ImportBillsPayloadType {
  const field = (error: RowError) => (error.field === null ? null : fieldNames === 'csv' ? error.field : camelCase(error.field));
  return {
    received: outcome.received,
    imported: outcome.imported,
    alreadyImported: outcome.alreadyImported,
    rowErrors: outcome.errors.map((error) => ({ line: error.line, field: field(error), code: error.code, message: error.message })),
    rowErrorCount: outcome.errorCount,
    userErrors: [],
  };
}
