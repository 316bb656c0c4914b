import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

/** A cell of a COPY row: null is SQL NULL; an array is a one-dimensional SQL array; everything else is sent as its text. */
export type CopyCell = string | number | bigint | null | readonly (string | bigint)[];

const ROWS_PER_CHUNK = 2000;

/**
 * Streams `rows` into `table` (`columns` in order) with `COPY ... FROM STDIN`
 * on the connection of `manager`'s transaction, so the rows are part of it
 * (a rollback drops them too). For bulk loads into a staging table: COPY
 * skips per-statement parsing, planning and parameter encoding, which
 * dominate multi-row INSERTs. `table` and `columns` are identifiers written
 * by the caller, never input.
 */
export async function copyRowsInto(manager: EntityManager, table: string, columns: readonly string[], rows: Iterable<readonly CopyCell[]>): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('copyRowsInto needs the manager of an open transaction');
  // TypeORM's Postgres query runner holds the pg pool client of its transaction here.
  const client = (await runner.connect()) as PoolClient;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(rows)), stream);
}

function* chunks(rows: Iterable<readonly CopyCell[]>): Generator<string> {
  let buffer: string[] = [];
  for (const row of rows) {
    buffer.push(row.map(copyText).join('\t'));
    if (buffer.length === ROWS_PER_CHUNK) {
      yield buffer.join('\n') + '\n';
      buffer = [];
    }
  }
  if (buffer.length > 0) yield buffer.join('\n') + '\n';
}

/** COPY's text format: \N for NULL; backslash, tab, newline and carriage return escaped. */
function copyText(cell: CopyCell): string {
  if (cell === null) return '\\N';
  const text = typeof cell === 'object' ? arrayLiteral(cell) : String(cell);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

/** An array's literal, {"a","b c"}: every text element quoted, with its quotes and backslashes escaped, so none reads as NULL or a separator. */
function arrayLiteral(elements: readonly (string | bigint)[]): string {
  // A loop, not map and join: on the lines of 100,000 bills, 100 ms against 250 ms.
  let literal = '{';
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i]!;
    if (i > 0) literal += ',';
    if (typeof element === 'bigint') literal += element.toString();
    else literal += '"' + (/["\\]/.test(element) ? element.replace(/["\\]/g, '\\$&') : element) + '"';
  }
  return literal + '}';
}
