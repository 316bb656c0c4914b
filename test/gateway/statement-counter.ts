import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Counts every statement sent to PostgreSQL on a DataSource's pool, at the
 * driver (pg's `query`), so nothing an ORM or a raw client sends is missed:
 * BEGIN, set_config and COMMIT count as the round trips they are.
 */
export function countStatements(db: DataSource): { during<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }>; detach(): void } {
  // TypeORM's Postgres driver keeps its pg pool as `master`.
  const pool = (db.driver as unknown as { master: Pool }).master;
  const patched = new WeakSet<PoolClient>();
  let recording: string[] | null = null;
  const onAcquire = (client: PoolClient) => {
    if (patched.has(client)) return;
    patched.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      recording?.push(typeof first === 'string' ? first : String((first as { text?: string }).text ?? 'COPY'));
      return query(...args);
    };
  };
  pool.on('acquire', onAcquire);
  return {
    async during(fn) {
      recording = [];
      try {
        const result = await fn();
        return { result, statements: recording };
      } finally {
        recording = null;
      }
    },
    detach: () => void pool.off('acquire', onAcquire),
  };
}
