import { lockForTransaction } from '@platform/db';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';

/**
 * Holds the city's lock on one bank account (by the processor's fingerprint,
 * the same for every token of the same routing and account numbers) until
 * the caller's transaction ends. Recording an e-check from it and recording
 * a return of one take it first, before any account, payable or payment row
 * they lock after, so the two never wait on each other in opposite orders.
 */
export async function lockBankAccount(manager: EntityManager, scope: PaymentScope, fingerprint: string): Promise<void> {
  await lockForTransaction(manager, `bank-account:${scope.tenant.id}:${fingerprint}`);
}
