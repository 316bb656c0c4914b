import type { DataSource } from 'typeorm';

export type Readiness = { ready: true } | { ready: false; reason: string };

/** Ready when the database answers and every migration the code knows has been applied. */
export async function checkReadiness(db: DataSource, expectedMigrations: readonly string[]): Promise<Readiness> {
  try {
    const rows: { name: string }[] = await db.query('SELECT name FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.name));
    const pending = expectedMigrations.filter((name) => !applied.has(name));
    return pending.length === 0 ? { ready: true } : { ready: false, reason: `pending migrations: ${pending.join(', ')}` };
  } catch {
    return { ready: false, reason: 'database unreachable' };
  }
}
