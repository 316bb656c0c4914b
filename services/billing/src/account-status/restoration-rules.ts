import type { Balance } from '../ledger/balance';
import { nextStatus, type AccountStatus } from './account-status.state';

/**
 * What an open restoration request waits for before staff may approve it:
 * NOT_POSTED, a payment that pays it has not posted yet; AWAITING_BANK, it
 * has posted, but an e-check in it still waits on its bank and the rest of
 * what posted does not cover it; OWED_AGAIN, a charge has come due since the
 * request opened that no payment, posted or on its way, covers (the hourly
 * sweep withdraws the request); SECOND_STAFF, nothing else, but the staff
 * member asking took a payment onto the account or credited it, so another
 * approves it (four eyes: approveRestoration's SECOND_STAFF_REQUIRED). The
 * first three are the account's, the same for everyone (restorationBlockedBy);
 * SECOND_STAFF is the asker's (restorationBlockFor).
 */
export const RESTORATION_BLOCKS = ['NOT_POSTED', 'AWAITING_BANK', 'OWED_AGAIN', 'SECOND_STAFF'] as const;
export type RestorationBlock = (typeof RESTORATION_BLOCKS)[number];

/**
 * Why staff may not approve an open restoration request yet, or null when
 * they may: the payment has posted and is verified ("processed and
 * verified"), so nothing due by today is owed on the posted balance, even
 * were every e-check in it that still waits on its bank to come back (one
 * that did would otherwise leave service on with nothing paid). Cash taken at
 * the counter beside such an e-check, covering what is owed on its own, is
 * enough. Where posted money paid a bill not due yet, the e-checks still
 * count against what was due by today: the rule errs towards waiting for the
 * bank. A bill issued since the request opened, not due for weeks, does not
 * hold the restoration up: the debt service was cut over is paid.
 * approveRestoration refuses by this, and the staff pages are told it
 * (ServiceAccount.restorationBlockedBy, the restoration queue's events), so
 * they offer Approve exactly when the API would take it.
 */
export function restorationBlockedBy(balance: Balance): RestorationBlock | null {
  const owed = owedByToday(balance);
  if (owed + balance.awaitingBankCents <= 0n) return null;
  if (owed > balance.pendingCents) return 'OWED_AGAIN';
  return owed > 0n ? 'NOT_POSTED' : 'AWAITING_BANK';
}

export const isApprovable = (balance: Balance): boolean => restorationBlockedBy(balance) === null;

/** Whether an account in `status` has a restoration request open, one approveRestoration applies to. */
export const awaitsRestoration = (status: AccountStatus): boolean => nextStatus(status, 'RESTORATION_APPROVED') !== null;

/** What the posted balance owes of charges due today or before. */
export const owedByToday = (balance: Balance): bigint => balance.postedCents - balance.notYetDueCents;
