import type { SavedMethodSummary } from '@platform/payments';
import { methodUsable } from '../runs/autopay-decision';
import type { AutopayEnrollmentEntity } from './autopay-enrollment.entity';
import type { AutopayStatus } from './autopay.types';

/**
 * The status an account's autopay is shown with, wherever it is shown (the
 * account, the staff list and its filter): none when never enrolled,
 * cancelled, or `lapsed` (the account closed, or unlinked by its enroller:
 * the run ends the enrolment without charging); SUSPENDED also when its
 * method is one autopay may never charge again (methodUsable), as the next
 * notice pass makes it; else as stored.
 */
export function shownAutopayStatus(enrollment: AutopayEnrollmentEntity | null, method: SavedMethodSummary | null, lapsed: boolean): AutopayStatus {
  if (!enrollment || enrollment.status === 'CANCELLED' || lapsed) return 'NOT_ENROLLED';
  if (enrollment.status === 'ENROLLED' && method !== null && !methodUsable(method, enrollment.userId)) return 'SUSPENDED';
  return enrollment.status;
}
