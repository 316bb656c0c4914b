import type { Balance } from '../ledger/balance';

/**
 * Whether staff may approve an open restoration request: the payment has
 * posted ("processed and verified"), so nothing is owed on the posted
 * balance. approveRestoration refuses otherwise, and the restoration queue
 * enables its Approve button by the same test.
 */
export const isApprovable = (balance: Balance): boolean => balance.postedCents <= 0n;
