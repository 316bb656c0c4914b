/**
 * What a process says when it cannot open a connection it needs to start: one line an operator can act on, naming the
 * server and database it tried (never the role or its password) and why. `silenceLimitMs`: the bound it gave the
 * database to answer, named when that is what ran out.
 */
export function connectionFailure(url: string, error: unknown, silenceLimitMs?: number): Error {
  const target = new URL(url);
  const host = target.searchParams.get('host') ?? target.hostname;
  const where = `${host}:${target.port || '5432'}${target.pathname}`;
  const why = silenceLimitMs !== undefined && saidNothing(error) ? `it said nothing for ${silenceLimitMs} ms` : error instanceof Error ? error.message : String(error);
  return new Error(`could not connect to the database at ${where}: ${why}`, { cause: error });
}

/**
 * pg's connectionTimeoutMillis ran out ("timeout expired" from a client, a pool's own words wrapping it), or a
 * silence-limited client was cut (ETIMEDOUT).
 */
export function saidNothing(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ((error as { code?: unknown }).code === 'ETIMEDOUT' || error.message === 'timeout expired' || error.message === 'Connection terminated due to connection timeout') return true;
  return error.cause !== error && saidNothing(error.cause);
}
