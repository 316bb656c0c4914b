/** A data row of a CSV file: its cells in the header's order, and the line it starts on (1 = the header). */
interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/** Why a file is not CSV, with what a person needs to find it; the words are the caller's (billCsvProblemText). */
export type CsvSyntaxProblem =
  | { readonly code: 'UNTERMINATED_QUOTE' | 'TEXT_AFTER_QUOTE' | 'EMPTY' }
  | { readonly code: 'DUPLICATE_HEADER'; readonly column: string }
  | { readonly code: 'WRONG_CELL_COUNT'; readonly expected: number; readonly found: number };

export type CsvParse =
  { readonly ok: true; readonly header: readonly string[]; readonly records: readonly CsvRecord[] } | { readonly ok: false; readonly line: number; readonly problem: CsvSyntaxProblem };

/**
 * RFC 4180 CSV: comma-separated, double quotes around cells that hold commas,
 * quotes or line breaks, "" for a quote inside one; CRLF or LF; an optional
 * byte-order mark (spreadsheets write one). A quoted cell ends at its
 * closing quote: text after it ("100"00) is refused, not run on into the
 * value ($10,000.00 for "100"). Header names are trimmed and
 * lower-cased; a name may be empty (spreadsheets write an untitled column as
 * a trailing ","), and only other names must differ. Blank lines (nothing,
 * or only spaces and tabs, as a hand-edited file has them) are skipped;
 * every other row must have the header's number of cells.
 */
export function parseCsv(text: string): CsvParse {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;

  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };

  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
        const next = source[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          return { ok: false, line, problem: { code: 'TEXT_AFTER_QUOTE' } };
        }
      } else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += char;
    }
  }
  if (quoted) return { ok: false, line: quoteLine, problem: { code: 'UNTERMINATED_QUOTE' } };
  if (cell !== '' || cells.length > 0) endRow();

  const [headerRow, ...dataRows] = rows;
  if (!headerRow) return { ok: false, line: 1, problem: { code: 'EMPTY' } };
  const header = headerRow.cells.map((name) => name.trim().toLowerCase());
  const duplicate = header.find((name, index) => name !== '' && header.indexOf(name) !== index);
  if (duplicate !== undefined) return { ok: false, line: headerRow.line, problem: { code: 'DUPLICATE_HEADER', column: duplicate } };

  const records: CsvRecord[] = [];
  for (const row of dataRows) {
    if (row.cells.length !== header.length) {
      return { ok: false, line: row.line, problem: { code: 'WRONG_CELL_COUNT', expected: header.length, found: row.cells.length } };
    }
    records.push({ line: row.line, cells: row.cells });
  }
  return { ok: true, header, records };
}
