import type { Balance } from '../ledger/balance';

/**
 * Whether staff may approve an open restoration request: the payment has
 * posted and is verified ("processed and verified"), so nothing due by today
 * is owed on the posted balance, even were every e-check in it that still
 * waits on its bank to come back (one that did would otherwise leave service
 * on with nothing paid). Cash taken at the counter beside such an e-check,
 * covering what is owed on its own, is enough. Where posted money paid a
 * bill not due yet, the e-checks still count against what was due by today:
 * the rule errs towards waiting for the bank. A bill issued since the
 * request opened, not due for weeks, does not hold the restoration up: the
 * debt service was cut over is paid. approveRestoration refuses otherwise,
 * and the restoration queue enables its Approve button (and is told a
 * payment posted) by the same test.
 */
export const isApprovable = (balance: Balance): boolean => owedByToday(balance) + balance.awaitingBankCents <= 0n;

/** What the posted balance owes of charges due today or before. */
export const owedByToday = (balance: Balance): bigint => balance.postedCents - balance.notYetDueCents;
