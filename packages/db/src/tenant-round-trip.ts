import { isUuid } from '@platform/core';
import type { Pool } from 'pg';
import { sendPipeline, type BoundStatement } from './statement-pipeline';
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
  // The driver's pool, not a TypeORM query runner: a pipeline needs a connection and nothing TypeORM wraps around it.
  const client = await (scope.db.driver as unknown as { master: Pool }).master.connect();
  try {
    const results = await sendPipeline(client, [tenantSetting(tenantId, options), ...statements]);
    return results.slice(1);
  } finally {
    client.release();
  }
}
