/**
 * How many data rows (records after the header) a CSV file holds, read the
 * way the API reads it (RFC 4180: a quoted cell may hold line breaks; blank
 * lines are skipped), so the page can refuse a file over the API's row limit
 * before sending it. It only counts: the API checks everything else.
 */
export function countCsvRecords(text: string): number {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let records = 0;
  let quoted = false;
  let rowHasContent = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') {
      quoted = true;
      rowHasContent = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      if (rowHasContent) records++;
      rowHasContent = false;
    } else {
      rowHasContent = true;
    }
  }
  if (rowHasContent) records++;
  // The first non-blank row is the header.
  return Math.max(0, records - 1);
}

/** The API's limit for one import request (importBillsCsv refuses more as TOO_MANY_ROWS). */
export const MAX_IMPORT_ROWS = 10_000;
