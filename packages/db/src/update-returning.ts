import type { EntityManager } from 'typeorm';

/** The rows an `UPDATE ... RETURNING` gave back: TypeORM answers an UPDATE with `[rows, rowCount]`, not the rows. */
export async function updateReturning<T>(manager: EntityManager, sql: string, parameters: readonly unknown[]): Promise<T[]> {
  const [rows] = await manager.query<[T[], number]>(sql, [...parameters]);
  return rows;
}

/** How many rows an `UPDATE` changed, from the same `[rows, rowCount]` answer. */
export async function updateCount(manager: EntityManager, sql: string, parameters: readonly unknown[]): Promise<number> {
  const [, count] = await manager.query<[unknown, number]>(sql, [...parameters]);
  return count;
}
