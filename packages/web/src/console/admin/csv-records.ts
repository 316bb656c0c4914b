/**
 * How many data rows (records after the header) a CSV file holds, read the
 * way the API reads it (RFC 4180: a quoted cell may hold line breaks; blank
 * lines and rows whose cells hold only spaces, such as the ",,,,,,," a
 * spreadsheet saves below its data, are skipped), so the page can refuse a
 * file over the API's row limit before sending it. It only counts: the API
 * checks everything else.
 */
export function countCsvRecords(text: string): number {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let records = 0;
  let quoted = false;
  let rowHasContent = false;
  // Whether the cell being read has a character yet: as the API reads it, a quote opens a quoted cell only as the
  // cell's first character; inside one (a pipe's 3/4" in a description) it is a character of the cell.
  let cellStarted = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        i++;
        rowHasContent = true;
      } else if (char === '"') quoted = false;
      else if (!isSpace(char)) rowHasContent = true;
    } else if (char === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      if (rowHasContent) records++;
      rowHasContent = false;
      cellStarted = false;
    } else if (char === ',') {
      cellStarted = false;
    } else {
      cellStarted = true;
      if (!isSpace(char)) rowHasContent = true;
    }
  }
  if (rowHasContent) records++;
  // The first row with something in it is the header.
  return Math.max(0, records - 1);
}

/** Whitespace as the API's trim() sees it. */
const isSpace = (char: string) => char.trim() === '';

/**
 * A chosen file's bytes as text: UTF-8 when they are UTF-8, else
 * Windows-1252, what Excel's plain "CSV (Comma delimited)" writes in the
 * Americas. Read as UTF-8, its "ñ" (one byte, 0xF1) would reach a
 * resident's bill as U+FFFD; a file that is valid UTF-8 is almost never
 * Windows-1252 text beyond ASCII, where the two agree.
 */
export function decodeCsvBytes(bytes: ArrayBuffer | Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The API's limit for one import request (importBillsCsv refuses more as TOO_MANY_ROWS). */
export const MAX_IMPORT_ROWS = 10_000;
