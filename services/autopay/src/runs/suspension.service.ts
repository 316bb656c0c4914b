import { userContacts } from '@platform/customers';
import type { SavedMethodSummary } from '@platform/payments';
import type { EntityManager } from 'typeorm';
import type { SuspensionReason } from './autopay-decision';
import { queueAutopayNotice } from '../notices/autopay-notice.service';
import { withdrawDeductionNotices, withdrawEndedEnrollmentNotices } from '../notices/withdrawn-notices.service';
import type { AutopayScope } from '../autopay-scope';
import { updateReturning } from '@platform/db';

export interface Suspension {
  readonly serviceAccountId: string;
  /** The month whose attempt found the reason: only the enrolment of `userId` covering it is suspended. */
  readonly cycle: string;
  readonly accountNumber: string;
  readonly userId: string;
  readonly method: SavedMethodSummary | null;
  readonly reason: SuspensionReason;
}

/**
 * Suspends enrolments that are still ENROLLED, in the caller's transaction,
 * and tells each customer why. One the customer cancelled meanwhile stays
 * cancelled, one made since (by another member of the house, or anew from a
 * later month) is not the one that failed and stays as it is, and nobody is
 * told twice. Returns the accounts suspended.
 *
 * The account's reminder and card warning not yet sent (mail down) are
 * withdrawn: they would contradict the suspension. Withdrawn, they were
 * never read, so the enrolment's notices start anew (a new enrolled_at, the
 * key of autopay_notices): a customer who resumes before that deduction
 * (updateAutopay) is reminded again, of the card and maximum autopay then
 * charges, before the run charges them. One whose reminder did go out keeps
 * it, and is not told twice.
 */
export async function suspendEnrollments(manager: EntityManager, scope: AutopayScope, suspensions: readonly Suspension[]): Promise<Set<string>> {
  if (suspensions.length === 0) return new Set();
  // FOR UPDATE first, as a customer's own change takes it: a notice pass holds the enrolments it is telling FOR KEY
  // SHARE until its notices are queued, which a plain UPDATE (no key changed) would not wait for, and the withdrawal
  // below would miss a reminder committed just after it (see lockUnchanged in pre-deduction-notices.service.ts).
  const rows = await updateReturning<{ service_account_id: string }>(
    manager,
    `WITH locked AS (
       SELECT e.service_account_id, s.reason FROM autopay_enrollments e
         JOIN unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[]) AS s(account, reason, user_id, cycle) ON e.service_account_id = s.account AND e.user_id = s.user_id
        WHERE e.status = 'ENROLLED' AND e.first_cycle <= s.cycle ORDER BY e.service_account_id FOR UPDATE OF e)
     UPDATE autopay_enrollments e SET status = 'SUSPENDED', suspension_reason = l.reason, updated_at = $1
       FROM locked l
      WHERE e.service_account_id = l.service_account_id
      RETURNING e.service_account_id`,
    [scope.clock.now(), suspensions.map((s) => s.serviceAccountId), suspensions.map((s) => s.reason), suspensions.map((s) => s.userId), suspensions.map((s) => s.cycle)],
  );
  const suspended = new Set(rows.map((row) => row.service_account_id));
  const withdrawnFrom = await withdrawDeductionNotices(
    manager,
    suspensions.filter((s) => suspended.has(s.serviceAccountId)).map((s) => s.accountNumber),
  );
  const unread = suspensions.filter((s) => suspended.has(s.serviceAccountId) && withdrawnFrom.has(s.accountNumber)).map((s) => s.serviceAccountId);
  if (unread.length > 0) await manager.query('UPDATE autopay_enrollments SET enrolled_at = $1 WHERE service_account_id = ANY($2::uuid[])', [scope.clock.now(), unread]);
  const contacts = await userContacts(
    manager,
    suspensions.filter((s) => suspended.has(s.serviceAccountId)).map((s) => s.userId),
  );
  for (const suspension of suspensions) {
    const to = contacts.get(suspension.userId);
    if (!suspended.has(suspension.serviceAccountId) || !to) continue;
    await queueAutopayNotice(
      manager,
      scope,
      { ...to, userId: suspension.userId },
      { template: 'AUTOPAY_SUSPENDED', accountNumber: suspension.accountNumber, method: suspension.method, reason: suspension.reason },
    );
  }
  return suspended;
}

/** An enrolment the run ends: the account's, made by this customer. */
export interface EndedEnrollment {
  readonly serviceAccountId: string;
  /** The number the account's notices name; empty when the account is no longer the city's. */
  readonly accountNumber: string;
  readonly userId: string;
}

/**
 * Ends enrolments a run found it can never charge again, in the caller's
 * transaction: the customer has unlinked the account since, or the city has
 * closed it (closing is final). Such an enrolment would skip every month
 * unseen, and send reminders of charges that will not happen; an unlinked
 * one would also keep the household's other members from enrolling. The
 * run's SKIPPED outcome (ACCOUNT_UNLINKED, ACCOUNT_CLOSED) records why. Only
 * the enrolment of that customer ends, not one another holder has made since.
 * As a cancellation does, it withdraws the account's reminder and card
 * warning still waiting to go out (queued before the account closed or was
 * unlinked, mail being down): they announce a deduction that will not happen;
 * and the notice of a suspension it ends.
 * Nothing is withdrawn for an enrolment another holder has made since: what
 * was queued is theirs.
 */
export async function cancelEnrollments(manager: EntityManager, now: Date, ended: readonly EndedEnrollment[]): Promise<void> {
  if (ended.length === 0) return;
  // FOR UPDATE first, for the reason suspendEnrollments gives.
  const rows = await updateReturning<{ service_account_id: string }>(
    manager,
    `WITH locked AS (
       SELECT e.service_account_id FROM autopay_enrollments e JOIN unnest($2::uuid[], $3::uuid[]) AS u(account, user_id) ON e.service_account_id = u.account AND e.user_id = u.user_id
        WHERE e.status <> 'CANCELLED' ORDER BY e.service_account_id FOR UPDATE OF e)
     UPDATE autopay_enrollments e SET status = 'CANCELLED', suspension_reason = NULL, updated_at = $1
       FROM locked l
      WHERE e.service_account_id = l.service_account_id
      RETURNING e.service_account_id`,
    [now, ended.map((u) => u.serviceAccountId), ended.map((u) => u.userId)],
  );
  const cancelled = new Set(rows.map((row) => row.service_account_id));
  await withdrawEndedEnrollmentNotices(
    manager,
    ended.filter((e) => cancelled.has(e.serviceAccountId) && e.accountNumber !== '').map((e) => e.accountNumber),
  );
}
