import type { Balance } from '../ledger/balance';

/**
 * Whether staff may approve an open restoration request: the payment has
 * posted and is verified ("processed and verified"), so nothing is owed on
 * the posted balance and no e-check in it still waits on its bank (one that
 * came back would leave service on with nothing paid). approveRestoration
 * refuses otherwise, and the restoration queue enables its Approve button by
 * the same test.
 */
export const isApprovable = (balance: Balance): boolean => balance.postedCents <= 0n && balance.awaitingBankCents === 0n;
