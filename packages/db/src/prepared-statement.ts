import type { EntityManager } from 'typeorm';
import { sendPipeline, type BoundStatement, type PipelineClient, type PreparedStatement, type StatementValue } from './statement-pipeline';
import { openingOf } from './with-tenant';

/**
 * Runs `statement` with `values` on the connection of the caller's
 * transaction (a `withTenant` manager), straight through the driver: no
 * query building, no ORM hydration. Rows come back as PostgreSQL names them,
 * so statements alias their columns to the shape `Row` says. Failures are
 * TypeORM's QueryFailedError, as from `manager.query`, so a caller tells a
 * unique violation apart the same way whichever path sent the statement.
 */
export async function runPrepared<Row>(manager: EntityManager, statement: PreparedStatement, values: readonly StatementValue[]): Promise<Row[]> {
  const [rows] = await runPreparedTogether(manager, [{ statement, values }]);
  return rows as Row[];
}

/**
 * runPrepared for statements that need nothing from each other's results (a
 * lock and the insert it guards, say): one round trip, one pipeline inside
 * the caller's transaction, run in order. A failure aborts the transaction,
 * as it would one statement at a time. Answers each statement's rows, in order.
 */
export async function runPreparedTogether(manager: EntityManager, statements: readonly BoundStatement[]): Promise<unknown[][]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error(`runPrepared(${statements.map((s) => s.statement.name).join(', ')}) needs a transaction opened by withTenant`);
  const connection = (await runner.connect()) as PipelineClient;
  // The transaction's first statements carry its opening (START TRANSACTION and the tenant setting) in the same round trip.
  return openingOf(manager).openWith(async (opening) => (await sendPipeline(connection, [...opening, ...statements])).slice(opening.length));
}
