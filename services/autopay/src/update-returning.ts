import type { EntityManager } from 'typeorm';

/** The rows an `UPDATE ... RETURNING` gave back: TypeORM answers an UPDATE with `[rows, rowCount]`, not the rows. */
export async function updateReturning<T>(manager: EntityManager, sql: string, parameters: readonly unknown[]): Promise<T[]> {
  const [rows] = await manager.query<[T[], number]>(sql, [...parameters]);
  return rows;
}
