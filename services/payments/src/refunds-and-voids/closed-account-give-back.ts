import type { TenantContext } from '@platform/api';
import { closedAccountsPaidBy } from '@platform/billing';
import type { EntityManager } from 'typeorm';
import { givingBackBlockedBy } from './giving-back-block';

/**
 * Whether money may not be given back from this payment (a refund or a void)
 * by the staff member asking: it paid an account that is now closed, and they
 * are not the city's ADMIN. What goes back is owed again by the accounts the
 * payment paid, and a closed account is never billed again, so nobody would
 * ask for it there. Closing an account is an ADMIN's act, and so is moving
 * money on a closed one: an ADMIN gives it back, then corrects the final bill
 * by that much (recordAccountAdjustment) or leaves it owed as the final bill,
 * as the README's closed accounts say. Read under the accounts' locks
 * (closedAccountsPaidBy), which the close takes too: a close sent at the same
 * moment either waits and finds the money being given back
 * (REFUND_BEING_CONFIRMED), or has closed the account when this reads it.
 * In the caller's transaction, under the payment's lock, before anything of
 * the refund or void is written.
 */
export async function givingBackFromClosedAccountRefused(manager: EntityManager, ctx: TenantContext, paymentId: string): Promise<boolean> {
  // Whom the rule lets give back from a closed account (an ADMIN) needs no read of the accounts, nor their locks.
  if (givingBackBlockedBy(ctx.viewer, true) === null) return false;
  return (await closedAccountsPaidBy(manager, paymentId)).length > 0;
}
