import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';

/**
 * A hot statement, hand-written and sent by name: each pooled connection
 * parses and plans it once, then only binds and executes it (TypeORM sends
 * every statement unnamed, so PostgreSQL parses and plans it on every call).
 * One name, one text: PostgreSQL keeps the first text a connection prepared
 * under a name, so names are module constants, never built at run time.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/** A value the driver sends as is; bigints go as decimal strings (the driver has no bigint of its own). */
export type StatementValue = string | number | boolean | Date | bigint | null | readonly (string | number | bigint | Date | null)[];

/** What `runPrepared` needs of the driver's connection. */
interface DriverConnection {
  query(config: { readonly name: string; readonly text: string; readonly values: readonly unknown[] }): Promise<{ readonly rows: unknown[]; readonly rowCount: number | null }>;
}

/**
 * Runs `statement` with `values` on the connection of the caller's
 * transaction (a `withTenant` manager), straight through the driver: no
 * query building, no ORM hydration. Rows come back as PostgreSQL names them,
 * so statements alias their columns to the shape `Row` says. Failures are
 * TypeORM's QueryFailedError, as from `manager.query`, so a caller tells a
 * unique violation apart the same way whichever path sent the statement.
 */
export async function runPrepared<Row>(manager: EntityManager, statement: PreparedStatement, values: readonly StatementValue[]): Promise<Row[]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error(`runPrepared(${statement.name}) needs a transaction opened by withTenant`);
  const connection = (await runner.connect()) as DriverConnection;
  const sent = values.map(toDriver);
  try {
    return (await connection.query({ name: statement.name, text: statement.text, values: sent })).rows as Row[];
  } catch (error) {
    throw new QueryFailedError(statement.text, sent, error as Error);
  }
}

export function toDriver(value: StatementValue): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
  return value;
}
