import { Query, types, type FieldDef } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import { QueryFailedError } from 'typeorm';

/**
 * A hot statement, hand-written and sent by name (runPrepared, sendPipeline):
 * each pooled connection parses and plans it once, then only binds and
 * executes it (TypeORM sends every statement unnamed, so PostgreSQL parses
 * and plans it on every call). One name, one text: PostgreSQL keeps the
 * first text a connection prepared under a name, so names are module
 * constants, never built from values. An empty name sends it unnamed.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/** A value the driver sends as is; bigints go as decimal strings (the driver has no bigint of its own). */
export type StatementValue = string | number | boolean | Date | bigint | null | readonly (string | number | bigint | Date | null)[];

/** A statement and the values to run it with. */
export interface BoundStatement {
  readonly statement: PreparedStatement;
  readonly values: readonly StatementValue[];
}

/** What sendPipeline needs of a node-postgres client: it takes a "submittable" query object. */
export interface PipelineClient {
  query(submittable: object): unknown;
}

/**
 * Sends `statements` to PostgreSQL in one write, as one pipeline of
 * extended-protocol messages closed by a single Sync, and answers each
 * statement's rows in order once the backend is ready again: one round trip
 * whatever their number. Outside an explicit transaction they run as one
 * implicit transaction, committed at the Sync; inside one (or one a
 * START TRANSACTION among them opens) they join it. After a failure the
 * backend skips to the Sync: the statements before it took effect only
 * inside an explicit transaction, which is then aborted.
 * A named statement is parsed once per connection, as the driver's own named
 * queries are, and shares their record of what the connection has prepared:
 * a name is recorded when PostgreSQL confirms its Parse (ParseComplete), so
 * a pipeline that fails part-way leaves the record true either way.
 */
export function sendPipeline(client: PipelineClient, statements: readonly BoundStatement[]): Promise<unknown[][]> {
  return new Promise((resolve, reject) => {
    const pipeline = new Pipeline(statements);
    pipeline.callback = (error, results) => (error ? reject(error) : resolve(results));
    client.query(pipeline);
  });
}

/**
 * node-postgres' connection: the messages of the extended protocol as it writes them (`more`: buffer, do not flush),
 * the backend's messages as events, and its record of the statements prepared on it (name to text).
 */
interface WireConnection {
  readonly stream: { cork?(): void; uncork?(): void };
  readonly parsedStatements: Record<string, string | undefined>;
  on(event: 'parseComplete', listener: () => void): void;
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
 *
 * A kind of the driver's own Query: a client in pipeline mode (the shared
 * read connections) takes no other submittable, since a cursor's portal
 * stays open across round trips and the queries behind it would read from
 * it. This one leaves nothing open: its portals run to completion before its
 * Sync, as the driver's own queries do.
 */
class Pipeline extends Query {
  private readonly results: unknown[][] = [];
  private fields: FieldDef[] = [];
  private rowsSoFar: unknown[] = [];
  private failed = false;
  private parsesInFlight: ParseInFlight[] = [];
  /**
   * Told the outcome once: a property, not a constructor argument, because
   * tracing (OpenTelemetry's pg instrumentation) wraps a query's `callback`
   * to end its span.
   */
  callback: (error: Error | null, results: unknown[][]) => void = () => undefined;

  constructor(private readonly statements: readonly BoundStatement[]) {
    // Its text is what the round trip runs, for whoever looks at the client's queries (statement counts, traces).
    super({ text: statements.map(({ statement }) => statement.text).join(';\n') });
  }

  // @ts-expect-error the driver's typings declare a submittable's connection and result loosely; these are what it passes and reads.
  override submit(connection: WireConnection): Error | null {
    const inFlight = parsesInFlightOn(connection);
    const sentByOther = (name: string) => inFlight.find((parse) => parse.name === name && parse.by !== this);
    for (const { statement } of this.statements) {
      const prepared = statement.name ? (connection.parsedStatements[statement.name] ?? sentByOther(statement.name)?.text) : undefined;
      if (prepared !== undefined && prepared !== statement.text) return new Error(`Prepared statements must be unique - '${statement.name}' was used for a different statement`);
    }
    // Every value made ready before anything is written: a value the driver cannot send fails the round trip, not the connection.
    let values: unknown[][];
    try {
      values = this.statements.map((bound) => bound.values.map((value) => prepareValue(toDriver(value))));
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    this.parsesInFlight = inFlight;
    connection.stream.cork?.();
    try {
      this.statements.forEach(({ statement }, i) => {
        const { text } = statement;
        // By its name once prepared, or once this round trip has sent its Parse. One whose Parse another round trip
        // (pipelined on this connection) has sent and not seen answered goes unnamed: should that round trip fail
        // before its Parse, this one must not fail with it.
        const sentHere = inFlight.some((parse) => parse.name === statement.name && parse.by === this);
        const name = !statement.name || connection.parsedStatements[statement.name] !== undefined || sentHere || !sentByOther(statement.name) ? statement.name : '';
        if (!name || (connection.parsedStatements[name] === undefined && !sentHere)) {
          connection.parse({ text, name, types: [] }, true);
          inFlight.push({ name, text, by: this });
        }
        connection.bind({ portal: '', statement: name, values: values[i]!, valueMapper: (value) => value }, true);
        connection.describe({ type: 'P', name: '' }, true);
        connection.execute({ portal: '', rows: 0 }, true);
      });
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
      // The driver's parser for the column's type (text format), as its own queries read rows.
      const parse = types.getTypeParser(field.dataTypeID, 'text') as (text: string) => unknown;
      row[field.name] = raw === null || raw === undefined ? null : parse(raw);
    });
    this.rowsSoFar.push(row);
  }

  handleCommandComplete(): void {
    this.results.push(this.rowsSoFar);
    this.rowsSoFar = [];
    this.fields = [];
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete();
  }

  /** PostgreSQL skips to the Sync and rolls the transaction back; the client is ready again at its ReadyForQuery. */
  handleError(error: Error): void {
    // The driver gives a round trip that failed no ReadyForQuery of its own.
    this.forgetUnansweredParses();
    if (this.failed) return;
    this.failed = true;
    const statement = this.statements[this.results.length]?.statement;
    // Read by shape: the backend's errors carry a SQLSTATE code (and the constraint a caller may look for).
    this.callback('code' in error && typeof error.code === 'string' ? new QueryFailedError(statement?.text ?? '', [], error) : error, []);
  }

  /** Sent after the commit: only now is the transaction's work durable. */
  handleReadyForQuery(): void {
    this.forgetUnansweredParses();
    if (this.failed) return;
    if (this.results.length !== this.statements.length) {
      this.handleError(new Error(`tenantRoundTrip: ${this.results.length} of ${this.statements.length} statements answered`));
      return;
    }
    this.callback(null, this.results);
  }

  /** Its Parses still unanswered were skipped after a failure: not prepared, and not to be taken for the answers of the Parses after them. */
  private forgetUnansweredParses(): void {
    for (let i = this.parsesInFlight.length - 1; i >= 0; i--) if (this.parsesInFlight[i]!.by === this) this.parsesInFlight.splice(i, 1);
  }

  handlePortalSuspended(): void {
    this.handleError(new Error('tenantRoundTrip: a portal was suspended'));
  }

  handleCopyInResponse(): void {
    this.handleError(new Error('tenantRoundTrip: COPY is not supported'));
  }

  handleCopyData(): void {}
}

/** A Parse sent on a connection and not answered yet, and the round trip that sent it. */
interface ParseInFlight {
  readonly name: string;
  readonly text: string;
  readonly by: Pipeline;
}

const parsesInFlight = new WeakMap<WireConnection, ParseInFlight[]>();

/**
 * The Parses sent on a connection and not answered yet, oldest first. One
 * list per connection, not per round trip: on a pipelined connection several
 * round trips are on the wire at once, and the backend answers all their
 * Parses in the order sent, so each ParseComplete confirms the oldest one.
 */
function parsesInFlightOn(connection: WireConnection): ParseInFlight[] {
  const known = parsesInFlight.get(connection);
  if (known) return known;
  const inFlight: ParseInFlight[] = [];
  parsesInFlight.set(connection, inFlight);
  connection.on('parseComplete', () => {
    const parse = inFlight.shift();
    if (parse?.name) connection.parsedStatements[parse.name] = parse.text;
  });
  return inFlight;
}

function toDriver(value: StatementValue): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
  return value;
}
