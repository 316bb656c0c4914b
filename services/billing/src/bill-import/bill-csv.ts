import { BILL_COLUMNS, REQUIRED_BILL_COLUMNS, type BillRow } from './bill-rows';
import { parseCsv } from './csv';

/** CSV text as bill rows, checking the header names every required column and nothing unknown. */
export function readBillCsv(csv: string): { ok: true; rows: BillRow[] } | { ok: false; line: number; detail: string } {
  const parsed = parseCsv(csv);
  if (!parsed.ok) return { ok: false, line: parsed.line, detail: parsed.detail };
  const missing = REQUIRED_BILL_COLUMNS.filter((column) => !parsed.header.includes(column));
  if (missing.length > 0) return { ok: false, line: 1, detail: `missing column(s): ${missing.join(', ')}` };
  const unknown = parsed.header.filter((name) => !(BILL_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) return { ok: false, line: 1, detail: `unknown column(s): ${unknown.join(', ')}` };
  return { ok: true, rows: parsed.records.map((record) => ({ line: record.line, cells: record.cells })) };
}
