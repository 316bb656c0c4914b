import { findServiceAccounts } from '@platform/billing';
import type { UnlinkedAccount } from '@platform/customers';
import type { EntityManager } from 'typeorm';
import { withdrawDeductionNotices, withdrawSuspensionNotices } from '../notices/withdrawn-notices.service';
import { AutopayEnrollmentEntity } from './autopay-enrollment.entity';

/**
 * A customer unlinked an account, in the unlink's transaction (customers'
 * AccountUnlinked, wired by the gateway). If the account's autopay was
 * theirs, it lapsed with the link (lapsedEnrollments): shown Not Enrolled,
 * and ended by the next run (ACCOUNT_UNLINKED). Its reminder and card
 * warning still waiting to go out (mail down) announce a charge that will
 * not be made, and a suspension notice asks for a method to resume it: all
 * are withdrawn now, as a cancellation withdraws them. Withdrawn unread,
 * the enrolment's notices start anew (a new enrolled_at, as
 * suspendEnrollments does): should the customer link the account again
 * before the deduction, so that the enrolment stands again, they are
 * reminded before it is charged.
 */
export async function enrollerUnlinked(manager: EntityManager, unlinked: UnlinkedAccount): Promise<void> {
  // FOR UPDATE, as a customer's own change takes it: a notice pass holds the enrolments it is telling FOR KEY SHARE
  // until its notices are queued, so one queueing a reminder for this enrolment now is waited for, and the reminder
  // withdrawn below.
  const enrollment = await manager.getRepository(AutopayEnrollmentEntity).findOne({ where: { serviceAccountId: unlinked.serviceAccountId }, lock: { mode: 'pessimistic_write' } });
  // Another holder's enrolment stays theirs, and so does what was queued for it.
  if (!enrollment || enrollment.status === 'CANCELLED' || enrollment.userId !== unlinked.userId) return;
  const [account] = await findServiceAccounts(manager, [unlinked.serviceAccountId]);
  if (!account) throw new Error(`service account ${unlinked.serviceAccountId} of an enrolment not found`);
  const withdrawn = await withdrawDeductionNotices(manager, [account.accountNumber]);
  await withdrawSuspensionNotices(manager, [account.accountNumber]);
  if (withdrawn.size > 0) await manager.getRepository(AutopayEnrollmentEntity).update({ serviceAccountId: unlinked.serviceAccountId }, { enrolledAt: unlinked.at });
}
