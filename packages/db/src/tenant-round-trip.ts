import { isUuid } from '@platform/core';
import { QueryFailedError } from 'typeorm';
import { PlatformDataSource } from './data-source';
import { sendPipeline, type BoundStatement, type PipelineClient } from './statement-pipeline';
import { tenantSetting, type TenantScope, type TenantTransactionOptions } from './with-tenant';

/**
 * A whole tenant transaction in one round trip, for statements that need
 * nothing from each other's results: the tenant setting and every statement
 * go to PostgreSQL as one pipeline of extended-protocol messages closed by a
 * single Sync, which PostgreSQL runs as one transaction, committed (and, for
 * money, flushed) before it answers. No START TRANSACTION, no COMMIT of its
 * own: withTenant takes two round trips for the same one statement. The
 * setting is `set_config(..., true)`, local to that transaction, as in
 * withTenant. A failing statement rolls back the whole transaction; the
 * error is TypeORM's QueryFailedError, as from withTenant's statements.
 * Statements go unnamed (see sendPipeline).
 *
 * Returns each statement's rows, in order.
 */
export async function tenantRoundTrip(scope: TenantScope, statements: readonly BoundStatement[], options: TenantTransactionOptions = {}): Promise<unknown[][]> {
  const tenantId = scope.tenant.id;
  if (!isUuid(tenantId)) throw new Error(`tenantRoundTrip: tenant id must be a UUID, got "${tenantId}"`);
  // A TypeORM query runner, not the bare pool: while the connection is out, it handles the connection's errors
  // (a socket that fails mid-way emits one, which nobody listening would make the process's last).
  const runner = scope.db.createQueryRunner();
  let client: (PipelineClient & { end(): Promise<void> }) | undefined;
  try {
    client = (await runner.connect()) as PipelineClient & { end(): Promise<void> };
    const results = await sendPipeline(client, [tenantSetting(tenantId, options), ...statements]);
    return results.slice(1);
  } catch (error) {
    // A backend that answered FATAL (terminated, the server shutting down) is gone before its socket closes. Ended
    // now, its client leaves the pool on release; lent again, the next caller's statements would wait on it and die.
    if (endedTheSession(error)) void client?.end().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/**
 * A read-only tenant round trip, as tenantRoundTrip but on the connections
 * that every request's reads share in pipeline mode (SharedReadConnections):
 * a hot read (a resident's balances) neither waits for a pooled connection
 * nor wakes a backend of its own. The transaction is read-only: a statement
 * that writes fails. A DataSource not made by createDataSource has no shared
 * connections: the read goes through tenantRoundTrip, read-only too.
 */
export async function tenantRead(scope: TenantScope, statements: readonly BoundStatement[]): Promise<unknown[][]> {
  if (!(scope.db instanceof PlatformDataSource)) return tenantRoundTrip(scope, statements, { readOnly: true });
  const tenantId = scope.tenant.id;
  if (!isUuid(tenantId)) throw new Error(`tenantRead: tenant id must be a UUID, got "${tenantId}"`);
  const results = await scope.db.sharedReads.send([tenantSetting(tenantId, { readOnly: true }), ...statements]);
  return results.slice(1);
}

function endedTheSession(error: unknown): boolean {
  const cause = error instanceof QueryFailedError ? (error.driverError as { severity?: unknown }) : (error as { severity?: unknown });
  return cause?.severity === 'FATAL' || cause?.severity === 'PANIC';
}
