import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

export type AllocationStatus = 'PENDING' | 'POSTED' | 'CANCELLED' | 'REVERSED';

/**
 * The part of a payment (owned by the payments service) that goes to one
 * account: pending until it posts to the ledger. This register is what makes
 * "pending payments" visible on a balance before posting day.
 */
@Entity({ name: 'payment_allocations' })
export class PaymentAllocationEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'payment_id', type: 'uuid' }) paymentId: string;
  @PrimaryColumn({ name: 'service_account_id', type: 'uuid' }) serviceAccountId: string;
  @Column({ name: 'payable_id', type: 'uuid', nullable: true }) payableId: string | null;
  @Column({ name: 'amount_cents', ...bigintColumn }) amountCents: bigint;
  @Column({ type: 'text' }) status: AllocationStatus;
  @Column({ name: 'made_at', type: 'timestamptz' }) madeAt: Date;
  @Column({ name: 'expected_posting_date', type: 'date' }) expectedPostingDate: string;
  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true }) settledAt: Date | null;
  /** Posted before its bank settled it (an e-check on its posting day): it may still come back (paymentCleared). */
  @Column({ name: 'awaiting_bank', type: 'boolean' }) awaitingBank: boolean;
}
