import type { EntityManager } from 'typeorm';

/**
 * Holds a lock on `key` until the caller's transaction ends: for serializing
 * work on something that is not (yet) a row to lock, such as an idempotency
 * key before its record exists. Different keys may share a lock (hashed);
 * that only makes one wait for the other.
 */
export async function lockForTransaction(manager: EntityManager, key: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}
