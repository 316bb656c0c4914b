import type { EntityManager } from 'typeorm';
import { withdrawPendingAccountNotices } from './account-notice-withdrawal.service';
import { retractAccountNotices } from './retracted-notices';

/*
 * A disconnection warning tells a household the city may cut its service off and what to pay to keep it on. Once the
 * account catches up (the sweep returns it to ACTIVE) it no longer holds: still waiting, it would ask for money already
 * paid; sent again by staff, it would threaten a household that owes nothing past due. Whether it holds is billing's to
 * know, so billing's sweep says so, in the transaction that returns the account.
 */

/** SQL: a disconnection warning not yet retracted; the predicate of the index that finds them. */
const UNRETRACTED_WARNING = `template = 'DISCONNECTION_WARNING' AND NOT retracted`;

/** Retracts the accounts' disconnection warnings (staff may then not resend them) and withdraws one still waiting, in the caller's transaction. */
export async function retractDisconnectionWarnings(manager: EntityManager, accountNumbers: readonly string[]): Promise<void> {
  await retractAccountNotices(manager, accountNumbers, UNRETRACTED_WARNING);
  await withdrawPendingAccountNotices(manager, accountNumbers, ['DISCONNECTION_WARNING']);
}
