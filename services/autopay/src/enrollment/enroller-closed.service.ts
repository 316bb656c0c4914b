import { findServiceAccounts } from '@platform/billing';
import type { ClosingAccount } from '@platform/customers';
import type { EntityManager } from 'typeorm';
import { withdrawEndedEnrollmentNotices } from '../notices/withdrawn-notices.service';

/**
 * A resident is closing their online account, in the closing's transaction (customers' AccountClosingSteps, wired by
 * the gateway): every enrolment they made that still stands (enrolled or suspended) is cancelled, as their own
 * cancelAutopay does, and its reminder, card warning or suspension notice still waiting is withdrawn. Locked FOR UPDATE
 * in account order, as a customer's change takes them: a run charging one now holds it until its charge is recorded
 * (enrollmentStillCovers), so its charge stands and its payment stays, and it makes no retry once this commits.
 * Another holder's enrolment of the same account is theirs and stays. Answers the accounts (by number, in order) whose
 * autopay stopped, for the resident's confirmation.
 */
export async function enrollerClosed(manager: EntityManager, closing: ClosingAccount): Promise<readonly string[]> {
  const standing = await manager.query<{ service_account_id: string }[]>(
    `SELECT service_account_id FROM autopay_enrollments WHERE user_id = $1 AND status <> 'CANCELLED' ORDER BY service_account_id FOR UPDATE`,
    [closing.userId],
  );
  if (standing.length === 0) return [];
  const ids = standing.map((row) => row.service_account_id);
  await manager.query(`UPDATE autopay_enrollments SET status = 'CANCELLED', suspension_reason = NULL, updated_at = $2 WHERE service_account_id = ANY($1::uuid[])`, [ids, closing.at]);
  const numbers = (await findServiceAccounts(manager, ids)).map((account) => account.accountNumber).sort();
  await withdrawEndedEnrollmentNotices(manager, numbers);
  return numbers;
}
