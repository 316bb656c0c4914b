import {
  retractAnnouncedCharges,
  retractSuspensionNotices,
  takeBackPendingAccountNotices,
  withdrawPendingAccountNotices,
  type NotificationTemplate,
  type WithdrawnNotice,
} from '@platform/notifications';
import type { EntityManager } from 'typeorm';

/*
 * A reminder or a card warning waits in the outbox while mail is down; by
 * the time it could go out, what it announces may no longer be so. These
 * withdraw it in the caller's transaction, with the change that makes it
 * untrue. The outbox knows an account by the number its notices name. The
 * autopay_notices row stays (that table is append-only), and stays the
 * notice of the enrolment it was sent to: an account enrolled again is
 * reminded anew, before the cycle the new enrolment is charged for, as after
 * a reminder that did go out (see sendAutopayNotices); so is one resumed
 * after a suspension that withdrew its reminder (see suspendEnrollments).
 */

/** What announces a deduction to come: untrue once autopay has stopped. */
const DEDUCTION_NOTICES: readonly NotificationTemplate[] = ['AUTOPAY_REMINDER', 'AUTOPAY_CARD_EXPIRING'];

/**
 * Autopay stopped (suspended; or ended, see withdrawEndedEnrollmentNotices):
 * the accounts' reminders and card warnings not yet sent are not sent.
 * Those already sent or given up on, and failure notices naming a retry,
 * are marked retracted: resent by staff, one would announce a charge that
 * will not be made. Notifications may not read our enrolments when asked to
 * resend, so it is told now, with the change that makes them untrue.
 * Returns the accounts (by number) that had one withdrawn.
 */
export async function withdrawDeductionNotices(manager: EntityManager, accountNumbers: readonly string[]): Promise<Set<string>> {
  // Retracted first: a resend's copy committed meanwhile is then read by the withdrawal (see retractAnnouncedCharges).
  await retractAnnouncedCharges(manager, accountNumbers);
  return withdrawPendingAccountNotices(manager, accountNumbers, DEDUCTION_NOTICES);
}

/**
 * Autopay is no longer suspended: resumed with what the suspension notice
 * asked for (updateAutopay), or ended. The accounts' suspension notices not
 * yet sent are not sent (the resident would be told to do what she did, or
 * of an autopay she no longer has), and those sent or given up on are marked
 * retracted, so staff may not send them again (as withdrawDeductionNotices
 * marks announcements). A failure notice after the last attempt stays as it
 * is: the deduction did fail, as a receipt stays after the payment posts.
 */
export async function withdrawSuspensionNotices(manager: EntityManager, accountNumbers: readonly string[]): Promise<void> {
  // Retracted first, for the reason withdrawDeductionNotices gives.
  await retractSuspensionNotices(manager, accountNumbers);
  await withdrawPendingAccountNotices(manager, accountNumbers, ['AUTOPAY_SUSPENDED']);
}

/**
 * Autopay ended (cancelled by its enroller, taken over by another holder,
 * ended by a run): nothing it announced will happen (withdrawDeductionNotices),
 * and a suspension, if it was suspended, is over (withdrawSuspensionNotices).
 */
export async function withdrawEndedEnrollmentNotices(manager: EntityManager, accountNumbers: readonly string[]): Promise<void> {
  await withdrawDeductionNotices(manager, accountNumbers);
  await withdrawSuspensionNotices(manager, accountNumbers);
}

/** Another method now pays: the warning that the previous card expires before the deduction is not sent. */
export async function withdrawCardExpiringNotice(manager: EntityManager, accountNumber: string): Promise<void> {
  await withdrawPendingAccountNotices(manager, [accountNumber], ['AUTOPAY_CARD_EXPIRING']);
}

/**
 * What autopay charges changed (the method, the maximum): the account's
 * reminder not yet sent is withdrawn, and answered as it was queued, so the
 * change can queue it again as it now stands (see correctPendingReminder).
 */
export function withdrawPendingReminder(manager: EntityManager, accountNumber: string): Promise<WithdrawnNotice[]> {
  return takeBackPendingAccountNotices(manager, accountNumber, ['AUTOPAY_REMINDER']);
}
