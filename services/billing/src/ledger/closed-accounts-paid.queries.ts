import type { EntityManager } from 'typeorm';
import { lockRows } from './amount-owed.service';

/**
 * The closed accounts among those a payment paid, for money about to be
 * given back from it (a refund or void): each locked, with what it paid of
 * them (payables, then accounts, in id order: lockRows' order), until the
 * caller commits. A close takes the account's lock too, so it either finds
 * the money being given back (REFUND_BEING_CONFIRMED) or is found here.
 * In the caller's transaction, under the payment's own lock.
 */
export async function closedAccountsPaidBy(manager: EntityManager, paymentId: string): Promise<string[]> {
  const rows = await manager.query<{ service_account_id: string; payable_id: string | null }[]>('SELECT service_account_id, payable_id FROM payment_allocations WHERE payment_id = $1', [paymentId]);
  const statuses = await lockRows(
    manager,
    rows.flatMap((row) => (row.payable_id ? [row.payable_id] : [])),
    rows.map((row) => row.service_account_id),
  );
  return [...statuses].filter(([, status]) => status === 'CLOSED').map(([id]) => id);
}
