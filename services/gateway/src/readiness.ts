import { settledWithin } from '@platform/core';
import type { DataSource } from 'typeorm';

export type Readiness = { ready: true } | { ready: false; reason: string };

/** How long the check waits for the database: a load balancer's probe gives up after a few seconds, and must hear "not ready" first. */
const DATABASE_ANSWER_MS = 2_000;

/** Ready when the database answers, in time, and every migration the code knows has been applied. */
export async function checkReadiness(db: DataSource, expectedMigrations: readonly string[]): Promise<Readiness> {
  try {
    const rows = await settledWithin(db.query<{ name: string }[]>('SELECT name FROM schema_migrations'), DATABASE_ANSWER_MS);
    if (rows === null) return { ready: false, reason: 'database not answering' };
    const applied = new Set(rows.map((row) => row.name));
    const pending = expectedMigrations.filter((name) => !applied.has(name));
    return pending.length === 0 ? { ready: true } : { ready: false, reason: `pending migrations: ${pending.join(', ')}` };
  } catch {
    return { ready: false, reason: 'database unreachable' };
  }
}
