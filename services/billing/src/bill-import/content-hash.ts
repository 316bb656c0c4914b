import { createHash } from 'node:crypto';
import { BILL_COLUMNS, type BillRow } from './bill-rows';

/**
 * SHA-256 of a batch as the import reads it: every row's cells, in order,
 * and the payable kinds the city took then (a kind it stopped taking makes
 * the same file a different import). Stored with an import that wrote
 * bills, so the same batch sent again is recognised before any row is
 * checked or staged. Fed row by row: a 100,000-row file is never one string.
 */
export function billsContentHash(rows: readonly BillRow[], payableKinds: readonly string[]): string {
  const hash = createHash('sha256').update(JSON.stringify([...payableKinds].sort()));
  for (const row of rows) hash.update('\n').update(JSON.stringify(BILL_COLUMNS.map((column) => row.cells[column] ?? null)));
  return hash.digest('hex');
}
