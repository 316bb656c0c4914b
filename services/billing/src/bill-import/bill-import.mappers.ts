import { toUserErrorTypes } from '@platform/api';
import type { Result } from '@platform/core';
import type { ImportOutcome } from './bill-import.service';
import type { BillInput } from './bill-import.inputs';
import type { ImportBillsPayloadType } from './bill-import.types';
import type { BillRow, RowError } from './bill-rows';

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

/** Row errors name the CSV column (`csv`) or the BillInput field (`input`) at fault. */
export function toImportPayload(result: Result<ImportOutcome>, fieldNames: 'csv' | 'input', dryRun: boolean): ImportBillsPayloadType {
  if (!result.ok) return { dryRun, received: 0, imported: 0, alreadyImported: 0, rowErrors: [], rowErrorCount: 0, userErrors: toUserErrorTypes(result.userErrors) };
  const outcome = result.value;
  const field = (error: RowError) => (error.field === null ? null : fieldNames === 'csv' ? error.field : camelCase(error.field));
  return {
    dryRun,
    received: outcome.received,
    imported: outcome.imported,
    alreadyImported: outcome.alreadyImported,
    rowErrors: outcome.errors.map((error) => ({ line: error.line, field: field(error), code: error.code, message: error.message })),
    rowErrorCount: outcome.errorCount,
    userErrors: [],
  };
}
