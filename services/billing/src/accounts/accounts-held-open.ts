import type { BoundStatement, PreparedStatement } from '@platform/db';
import { QueryFailedError } from 'typeorm';

/*
 * A payment that may take an account into credit reads the account's status
 * once, unlocked, as it resolves who it pays; the processor is asked things
 * before it is recorded, and an ADMIN may close the account meanwhile. A
 * closed account takes nothing beyond what it owes, so the payment's record
 * holds its accounts open: share-locked against the close (which takes them
 * FOR UPDATE), in the same round trip as its insert, which fails when one
 * was closed after all. The caller then treats the account as closed, as if
 * it had been from the start. (Closing is final: an account read closed here
 * is closed when read again.)
 *
 * The hold goes after the insert. A retry's insert waits, on its key's unique
 * index, for the transaction that records the first request's charge, which
 * locks the accounts FOR UPDATE on billing's books: a retry holding them as it
 * waited was a deadlock.
 */

/** $1 the accounts' ids. See migration AccountsHeldOpen1763801203810. */
const HOLD_ACCOUNTS_OPEN: PreparedStatement = { name: 'billing.hold-accounts-open', text: 'SELECT billing_hold_accounts_open($1::uuid[])' };

/**
 * A statement for the round trip (or transaction) that records a payment, right after its insert: holds
 * `serviceAccountIds` open until commit, or fails the round trip when one is closed (accountClosedMeanwhile). It
 * answers one row, of nothing.
 */
export function holdAccountsOpen(serviceAccountIds: readonly string[]): BoundStatement {
  return { statement: HOLD_ACCOUNTS_OPEN, values: [[...new Set(serviceAccountIds)]] };
}

/** Whether a round trip failed on holdAccountsOpen: one of the accounts is closed. Nothing of it was written. */
export function accountClosedMeanwhile(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const cause = error.driverError as { code?: string; table?: string; constraint?: string };
  return cause.code === OBJECT_NOT_IN_PREREQUISITE_STATE && cause.table === 'service_accounts' && cause.constraint === 'service_account_open';
}

const OBJECT_NOT_IN_PREREQUISITE_STATE = '55000';
