import { translate, type Locale } from '@platform/core';
import { BILL_COLUMNS, REQUIRED_BILL_COLUMNS, type BillColumn, type BillRow } from './bill-rows';
import { parseCsv, type CsvSyntaxProblem } from './csv';

/** Why CSV text is not a file of bills. An unknown column without a name is its position in the header (1 = the first). */
export type BillCsvProblem =
  CsvSyntaxProblem | { readonly code: 'MISSING_COLUMNS'; readonly columns: readonly BillColumn[] } | { readonly code: 'UNKNOWN_COLUMNS'; readonly columns: readonly (string | number)[] };

/**
 * CSV text as bill rows, checking the header names every required column and
 * nothing unknown. Spreadsheets save a row or column they consider used but
 * left empty as commas (",,,,,,", a header ending in ","): a row whose cells
 * are all blank is skipped as a blank line is, and a column with no name is
 * ignored while all its cells are blank. Rows keep their line in the file.
 */
export function readBillCsv(csv: string): { ok: true; rows: BillRow[] } | { ok: false; line: number; problem: BillCsvProblem } {
  const parsed = parseCsv(csv);
  if (!parsed.ok) return parsed;
  const { header, records } = parsed;
  const missing = REQUIRED_BILL_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) return { ok: false, line: 1, problem: { code: 'MISSING_COLUMNS', columns: missing } };
  const unknown = header.flatMap((name, index): (string | number)[] => {
    if (name === '') return records.every((record) => isBlank(record.cells[index])) ? [] : [index + 1];
    return isBillColumn(name) ? [] : [name];
  });
  if (unknown.length > 0) return { ok: false, line: 1, problem: { code: 'UNKNOWN_COLUMNS', columns: unknown } };

  const columns = header.flatMap((name, index) => (isBillColumn(name) ? [[name, index] as const] : []));
  const rows = records
    .filter((record) => !record.cells.every(isBlank))
    .map((record) => ({ line: record.line, cells: Object.fromEntries(columns.map(([column, index]) => [column, record.cells[index] ?? ''])) }));
  return { ok: true, rows };
}

const isBlank = (cell: string | undefined) => (cell ?? '').trim() === '';
const isBillColumn = (name: string): name is BillColumn => (BILL_COLUMNS as readonly string[]).includes(name);

/** A BillCsvProblem in words, for a clerk reading `locale` (the API's message) or an operator (the CLI's, in English). */
export function billCsvProblemText(locale: Locale, problem: BillCsvProblem): string {
  switch (problem.code) {
    case 'MISSING_COLUMNS':
      return translate(locale, 'billing.csv.MISSING_COLUMNS', { columns: problem.columns.join(', ') });
    case 'UNKNOWN_COLUMNS': {
      const columns = problem.columns.map((column) => (typeof column === 'number' ? translate(locale, 'billing.csv.unnamedColumn', { position: column }) : column));
      return translate(locale, 'billing.csv.UNKNOWN_COLUMNS', { columns: columns.join(', ') });
    }
    case 'DUPLICATE_HEADER':
      return translate(locale, 'billing.csv.DUPLICATE_HEADER', { column: problem.column });
    case 'WRONG_CELL_COUNT':
      return translate(locale, 'billing.csv.WRONG_CELL_COUNT', { expected: problem.expected, found: problem.found });
    default:
      return translate(locale, `billing.csv.${problem.code}`);
  }
}
