import { isUuid } from '@platform/core';
import { types, type FieldDef } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import { QueryFailedError } from 'typeorm';
import { toDriver, type PreparedStatement, type StatementValue } from './prepared-statement';
import type { TenantScope, TenantTransactionOptions } from './with-tenant';

/** A statement and the values to run it with. */
export interface BoundStatement {
  readonly statement: PreparedStatement;
  readonly values: readonly StatementValue[];
}

/**
 * A whole tenant transaction in one round trip, for statements that need
 * nothing from each other's results: the tenant setting and every statement
 * go to PostgreSQL as one pipeline of extended-protocol messages closed by a
 * single Sync, which PostgreSQL runs as one transaction, committed (and, for
 * money, flushed) before it answers. No START TRANSACTION, no COMMIT of its
 * own: withTenant takes three round trips for the same one statement. The
 * setting is `set_config(..., true)`, local to that transaction, as in
 * withTenant. A failing statement rolls back the whole transaction; the
 * error is TypeORM's QueryFailedError, as from withTenant's statements.
 * Statements go unnamed (parsed each time): naming them here would leave a
 * statement prepared but unrecorded when a later one fails.
 *
 * Returns each statement's rows, in order.
 */
export async function tenantRoundTrip(scope: TenantScope, statements: readonly BoundStatement[], options: TenantTransactionOptions = {}): Promise<unknown[][]> {
  const tenantId = scope.tenant.id;
  if (!isUuid(tenantId)) throw new Error(`tenantRoundTrip: tenant id must be a UUID, got "${tenantId}"`);
  const setting: BoundStatement = {
    statement: { name: '', text: options.waitForFlush === false ? TENANT_SETTING_WITHOUT_FLUSH : TENANT_SETTING },
    values: [tenantId],
  };
  const runner = scope.db.createQueryRunner();
  try {
    const client = (await runner.connect()) as { query(submittable: Pipeline): unknown };
    const results = await new Promise<unknown[][]>((resolve, reject) => client.query(new Pipeline([setting, ...statements], resolve, reject)));
    return results.slice(1);
  } finally {
    await runner.release();
  }
}

const TENANT_SETTING = `SELECT set_config('app.tenant_id', $1, true)`;
const TENANT_SETTING_WITHOUT_FLUSH = `SELECT set_config('app.tenant_id', $1, true), set_config('synchronous_commit', 'off', true)`;

/** The messages of the extended protocol, as node-postgres' connection writes them (`more`: buffer, do not flush). */
interface WireConnection {
  readonly stream: { cork?(): void; uncork?(): void };
  parse(message: { text: string; name: string; types: number[] }, more: boolean): void;
  bind(message: { portal: string; statement: string; values: unknown[]; valueMapper: (value: unknown) => unknown }, more: boolean): void;
  describe(message: { type: 'P'; name: string }, more: boolean): void;
  execute(message: { portal: string; rows: number }, more: boolean): void;
  sync(): void;
}

/**
 * node-postgres' hook for a query of its own making (a "submittable"): the
 * client hands it the connection to write to and the backend's answers until
 * ReadyForQuery. One Parse/Bind/Describe/Execute per statement, one Sync.
 */
class Pipeline {
  /** What the round trip runs, for whoever looks at the client's queries (statement counts, traces). */
  readonly text: string;
  private readonly results: unknown[][] = [];
  private fields: FieldDef[] = [];
  private rows: unknown[] = [];
  private failed = false;

  constructor(
    private readonly statements: readonly BoundStatement[],
    private readonly resolve: (results: unknown[][]) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.text = statements.map(({ statement }) => statement.text).join(';\n');
  }

  submit(connection: WireConnection): Error | null {
    connection.stream.cork?.();
    try {
      for (const { statement, values } of this.statements) {
        connection.parse({ text: statement.text, name: '', types: [] }, true);
        connection.bind({ portal: '', statement: '', values: values.map(toDriver), valueMapper: prepareValue }, true);
        connection.describe({ type: 'P', name: '' }, true);
        connection.execute({ portal: '', rows: 0 }, true);
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(message: { fields: FieldDef[] }): void {
    this.fields = message.fields;
  }

  handleDataRow(message: { fields: (string | null)[] }): void {
    const row: Record<string, unknown> = {};
    this.fields.forEach((field, i) => {
      const raw = message.fields[i];
      row[field.name] = raw === null || raw === undefined ? null : types.getTypeParser(field.dataTypeID, 'text')(raw);
    });
    this.rows.push(row);
  }

  handleCommandComplete(): void {
    this.results.push(this.rows);
    this.rows = [];
    this.fields = [];
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete();
  }

  /** PostgreSQL skips to the Sync and rolls the transaction back; the client is ready again at its ReadyForQuery. */
  handleError(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    const statement = this.statements[this.results.length]?.statement;
    // Read by shape: the backend's errors carry a SQLSTATE code (and the constraint a caller may look for).
    this.reject('code' in error && typeof error.code === 'string' ? new QueryFailedError(statement?.text ?? '', [], error) : error);
  }

  /** Sent after the commit: only now is the transaction's work durable. */
  handleReadyForQuery(): void {
    if (this.failed) return;
    if (this.results.length !== this.statements.length) {
      this.handleError(new Error(`tenantRoundTrip: ${this.results.length} of ${this.statements.length} statements answered`));
      return;
    }
    this.resolve(this.results);
  }

  handlePortalSuspended(): void {
    this.handleError(new Error('tenantRoundTrip: a portal was suspended'));
  }

  handleCopyInResponse(): void {
    this.handleError(new Error('tenantRoundTrip: COPY is not supported'));
  }

  handleCopyData(): void {}
}
