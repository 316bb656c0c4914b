import type { Balance } from '../ledger/balance';

/**
 * Whether staff may approve an open restoration request: the payment has
 * posted and is verified ("processed and verified"), so nothing due by today
 * is owed on the posted balance and no e-check in it still waits on its bank
 * (one that came back would leave service on with nothing paid). A bill
 * issued since the request opened, not due for weeks, does not hold the
 * restoration up: the debt service was cut over is paid. approveRestoration
 * refuses otherwise, and the restoration queue enables its Approve button by
 * the same test.
 */
export const isApprovable = (balance: Balance): boolean => owedByToday(balance) <= 0n && balance.awaitingBankCents === 0n;

/** What the posted balance owes of charges due today or before. */
export const owedByToday = (balance: Balance): bigint => balance.postedCents - balance.notYetDueCents;
