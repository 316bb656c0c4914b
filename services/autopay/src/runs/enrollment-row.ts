import type { EnrollmentStatus } from '../enrollment/autopay-enrollment.entity';
import type { AttemptCandidate } from './autopay-claims.service';

/** An account's enrolment, as a run's queries read it. */
export interface EnrollmentRow {
  service_account_id: string;
  cycle: string;
  status: EnrollmentStatus;
  user_id: string;
  saved_method_id: string;
  max_amount_cents: string | null;
}

/**
 * A deduction's enrolment as it is now (the columns of an EnrollmentRow but
 * the account and cycle, from deduction `d` and enrolment `e`). One whose
 * first month comes after the deduction's (made anew after a cancel, perhaps
 * by another member of the house, on another card) is read as not enrolled
 * for it: that enrolment was told it does not cover the month, so no attempt
 * is made.
 */
export const ENROLMENT_FOR_DEDUCTION = `CASE WHEN e.first_cycle <= d.cycle THEN e.status ELSE 'CANCELLED' END AS status, e.user_id, e.saved_method_id, e.max_amount_cents::text`;

export const enrollmentOf = (row: EnrollmentRow): AttemptCandidate['enrollment'] => ({
  status: row.status,
  userId: row.user_id,
  savedMethodId: row.saved_method_id,
  maxAmountCents: row.max_amount_cents === null ? null : BigInt(row.max_amount_cents),
});
