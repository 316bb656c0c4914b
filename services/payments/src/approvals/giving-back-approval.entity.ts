import { bigintColumn } from '@platform/db';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OperationKind } from '../refunds-and-voids/payment-operation.state';

export const APPROVAL_STATUSES = ['AWAITING', 'APPROVED', 'DECLINED', 'EXPIRED'] as const;
/**
 * AWAITING: nothing sent to the processor yet. APPROVED: its operation is opened (operationId). DECLINED: nothing moves.
 * EXPIRED: it awaited longer than the city's approvalExpiryDays; nothing moves, and it may only be asked again.
 */
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/**
 * A refund or void at or above the city's refundApprovalThreshold, asked by one staff member and waiting for a second
 * ADMIN (never the one who asked) to approve or decline it.
 */
@Entity({ name: 'giving_back_approvals' })
export class GivingBackApprovalEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ ...bigintColumn, insert: false, update: false }) seq: bigint;
  @Column({ name: 'payment_id', type: 'uuid' }) paymentId: string;
  @Column({ type: 'text' }) kind: OperationKind;
  /** A refund's: the staff's key, which its operation takes once approved. A void's: one made for it. */
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey: string;
  /** Cents: a refund's amount; a void's is the payment's total. */
  @Column({ name: 'amount_cents', ...bigintColumn }) amountCents: bigint;
  @Column({ name: 'service_account_id', type: 'uuid', nullable: true }) serviceAccountId: string | null;
  @Column({ type: 'text' }) reason: string;
  /** The staff user who asked. */
  @Column({ name: 'requested_by', type: 'text' }) requestedBy: string;
  @Column({ type: 'text' }) status: ApprovalStatus;
  /** The ADMIN who approved or declined it; null while awaiting, and once expired. */
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decision_reason', type: 'text', nullable: true }) decisionReason: string | null;
  @Column({ name: 'operation_id', type: 'uuid', nullable: true }) operationId: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** When it was approved, declined, or found expired. */
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
}
