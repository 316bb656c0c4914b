import { bigintColumn } from '@platform/db';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SuspensionReason } from '../runs/autopay-decision';

/** CANCELLED by the customer, or by a run once the account is closed or unlinked; SUSPENDED by autopay itself (failed retries, an expired or unusable method) until the customer updates it. */
export type EnrollmentStatus = 'ENROLLED' | 'SUSPENDED' | 'CANCELLED';

/** A service account's automatic monthly payment: one per account, paid from one customer's saved method. */
@Entity({ name: 'autopay_enrollments' })
export class AutopayEnrollmentEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  /** Billing's account id; not a foreign key, because billing owns that table. */
  @PrimaryColumn({ name: 'service_account_id', type: 'uuid' }) serviceAccountId: string;
  /** The customer who enrolled, whose saved method pays. */
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  /** The payments service's saved method id. */
  @Column({ name: 'saved_method_id', type: 'uuid' }) savedMethodId: string;
  /** The most one deduction may take, in cents; null for no limit. */
  @Column({ name: 'max_amount_cents', ...bigintColumn, nullable: true }) maxAmountCents: bigint | null;
  @Column({ type: 'text' }) status: EnrollmentStatus;
  @Column({ name: 'suspension_reason', type: 'text', nullable: true }) suspensionReason: SuspensionReason | null;
  /** The first month ("2026-04") this enrolment's deductions cover (see firstCycleFor). */
  @Column({ name: 'first_cycle', type: 'text' }) firstCycle: string;
  /**
   * Which enrolment of the account this is, as its reminders and card warnings name it (autopay_notices): set on
   * enrolling, and anew by a suspension that withdraws a notice not yet sent (see suspendEnrollments).
   */
  @Column({ name: 'enrolled_at', type: 'timestamptz' }) enrolledAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
