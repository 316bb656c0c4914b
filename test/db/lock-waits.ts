import type { DataSource } from 'typeorm';

/*
 * Tests of races hold a row, start the work that must wait for it, and let
 * go once that work waits: then the order is certain however fast each side
 * is. These read the waiting from the server (pg_stat_activity).
 */

/** How many sessions of this database wait on a lock in a statement like `pattern` (SQL LIKE), the asking one aside. */
export async function waitingOnLocks(db: DataSource, pattern = '%'): Promise<number> {
  const [waiting] = await db.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE $1`,
    [pattern],
  );
  return waiting!.n;
}

/**
 * Resolves once `n` statements like `pattern` wait on a lock, or once
 * `finished()` says what would wait has ended without waiting (the code
 * before a fix, say: the test's assertions then tell what it did). Throws
 * after 10 s.
 */
export async function untilWaitingOnLocks(db: DataSource, pattern: string, options: { n?: number; finished?: () => boolean } = {}): Promise<void> {
  const n = options.n ?? 1;
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (options.finished?.() || (await waitingOnLocks(db, pattern)) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${n} statement(s) like ${pattern} never waited on a lock`);
}

/**
 * Runs `lockSql` (a SELECT ... FOR UPDATE of the city's rows) in a transaction of the test's own, as a slow commit
 * would hold them, until the returned function lets them go (and waits for that).
 */
export async function holdRows(db: DataSource, slug: string, lockSql: string, params: readonly unknown[]): Promise<() => Promise<void>> {
  const [tenant] = await db.query<{ id: string }[]>('SELECT id FROM tenants WHERE slug = $1', [slug]);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const hasLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = db.transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant!.id]);
    await manager.query(lockSql, [...params]);
    locked();
    await released;
  });
  await hasLocked;
  return async () => {
    release();
    await holding;
  };
}

/** A lock a test holds: holdRows's `lockSql` (rows, or a table) and its parameters. */
export interface HeldLock {
  readonly sql: string;
  readonly params?: readonly unknown[];
}

/**
 * Starts `send`, waits until it waits on `lock` (nothing else in the file waits meanwhile), runs `meanwhile`, lets the lock go, and answers with what `send` got:
 * `meanwhile` lands while `send` is under way.
 */
export async function whileHeld<T>(db: DataSource, slug: string, lock: HeldLock, send: () => Promise<T>, meanwhile: () => Promise<void>): Promise<T> {
  const letGo = await holdRows(db, slug, lock.sql, lock.params ?? []);
  let done = false;
  const sent = send().finally(() => (done = true));
  await untilWaitingOnLocks(db, '%', { finished: () => done });
  await meanwhile();
  await letGo();
  return sent;
}
