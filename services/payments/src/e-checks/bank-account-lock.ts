import { lockForTransaction } from '@platform/db';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';

const lockKey = (scope: PaymentScope, fingerprint: string) => `bank-account:${scope.tenant.id}:${fingerprint}`;

/**
 * Holds the city's lock on one bank account (by the processor's fingerprint,
 * the same for every token of the same routing and account numbers) until
 * the caller's transaction ends. Recording an e-check from it and recording
 * a return of one take it first, before any account, payable or payment row
 * they lock after, so the two never wait on each other in opposite orders.
 */
export async function lockBankAccount(manager: EntityManager, scope: PaymentScope, fingerprint: string): Promise<void> {
  await lockForTransaction(manager, lockKey(scope, fingerprint));
}

/**
 * lockBankAccount for several bank accounts, in one statement: the locks
 * lockForTransaction takes for their keys, in the order of the locks
 * themselves (the keys' hashes), so two callers sharing some of them never
 * wait on each other in opposite orders.
 */
export async function lockBankAccounts(manager: EntityManager, scope: PaymentScope, fingerprints: readonly string[]): Promise<void> {
  if (fingerprints.length === 0) return;
  await manager.query('SELECT pg_advisory_xact_lock(lock) FROM (SELECT DISTINCT hashtext(key) AS lock FROM unnest($1::text[]) AS key ORDER BY 1) AS locks', [
    fingerprints.map((fingerprint) => lockKey(scope, fingerprint)),
  ]);
}
