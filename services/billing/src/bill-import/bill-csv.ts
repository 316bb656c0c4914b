import { BILL_COLUMNS, REQUIRED_BILL_COLUMNS, type BillColumn, type BillRow } from './bill-rows';
import { parseCsv } from './csv';

/**
 * CSV text as bill rows, checking the header names every required column and
 * nothing unknown. Spreadsheets save a row or column they consider used but
 * left empty as commas (",,,,,,", a header ending in ","): a row whose cells
 * are all blank is skipped as a blank line is, and a column with no name is
 * ignored while all its cells are blank. Rows keep their line in the file.
 */
export function readBillCsv(csv: string): { ok: true; rows: BillRow[] } | { ok: false; line: number; detail: string } {
  const parsed = parseCsv(csv);
  if (!parsed.ok) return { ok: false, line: parsed.line, detail: parsed.detail };
  const { header, records } = parsed;
  const missing = REQUIRED_BILL_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) return { ok: false, line: 1, detail: `missing column(s): ${missing.join(', ')}` };
  const unknown = header.flatMap((name, index) => {
    if (name === '') return records.every((record) => isBlank(record.cells[index])) ? [] : [`unnamed column ${index + 1}`];
    return isBillColumn(name) ? [] : [name];
  });
  if (unknown.length > 0) return { ok: false, line: 1, detail: `unknown column(s): ${unknown.join(', ')}` };

  const columns = header.flatMap((name, index) => (isBillColumn(name) ? [[name, index] as const] : []));
  const rows = records
    .filter((record) => !record.cells.every(isBlank))
    .map((record) => ({ line: record.line, cells: Object.fromEntries(columns.map(([column, index]) => [column, record.cells[index] ?? ''])) }));
  return { ok: true, rows };
}

const isBlank = (cell: string | undefined) => (cell ?? '').trim() === '';
const isBillColumn = (name: string): name is BillColumn => (BILL_COLUMNS as readonly string[]).includes(name);
