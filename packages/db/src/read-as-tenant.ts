import { isUuid } from '@platform/core';
import type { TenantScope } from './with-tenant';

/**
 * The second door to tenant data, for hot reads: one SELECT under the
 * scope's tenant in ONE round trip, where `withTenant` takes four or five
 * (START, set_config, the work, COMMIT). It sends `SELECT set_config(...);
 * <the statement>` as one simple-protocol message, and PostgreSQL runs the
 * statements of one such message as one (implicit) transaction: the
 * setting is transaction-local exactly as in `withTenant`, row-level
 * security sees it, and it is gone when the message ends, whether the
 * statement succeeded or failed (an error rolls the implicit transaction
 * back), so a pooled connection never carries it over.
 *
 * The simple protocol takes no parameters, so values are written into the
 * text; to keep that safe they are UUIDs only (`$1`, `$2`... stand for the
 * `values`, each a UUID or a list of them, checked here): anything else is
 * a programming error, not something to escape. For reads only, in a
 * request that needs nothing else of the transaction; writes go through
 * `withTenant`.
 */
export async function readAsTenant<Row>(scope: TenantScope, statement: string, values: readonly (string | readonly string[])[]): Promise<Row[]> {
  const sql = `SELECT set_config('app.tenant_id', '${checkedUuid(scope.tenant.id)}', true); ${withUuidValues(statement, values)}`;
  const runner = scope.db.createQueryRunner();
  try {
    // TypeORM's query() expects one result; the driver's own client returns one per statement.
    const client = (await runner.connect()) as { query(text: string): Promise<{ rows: Row[] }[]> };
    const results = await client.query(sql);
    return results[1]!.rows;
  } finally {
    await runner.release();
  }
}

function withUuidValues(statement: string, values: readonly (string | readonly string[])[]): string {
  return statement.replace(/\$(\d+)\b/g, (_, position: string) => {
    const value = values[Number(position) - 1];
    if (value === undefined) throw new Error(`readAsTenant: no value for $${position}`);
    return typeof value === 'string' ? uuidLiteral(value) : `ARRAY[${value.map(uuidLiteral).join(',')}]::uuid[]`;
  });
}

/** A checked UUID as a literal: hex digits and dashes, so it can close no quote. */
function uuidLiteral(value: string): string {
  return `'${checkedUuid(value)}'::uuid`;
}

function checkedUuid(value: string): string {
  if (!isUuid(value)) throw new Error(`readAsTenant: values must be UUIDs, got "${value.slice(0, 40)}"`);
  return value;
}
