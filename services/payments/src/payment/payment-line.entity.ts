import { bigintColumn } from '@platform/db';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where part of a payment goes: an account, or one payable on it. */
@Entity({ name: 'payment_lines' })
export class PaymentLineEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'payment_id', type: 'uuid' }) paymentId: string;
  @PrimaryColumn({ name: 'line_no', type: 'smallint' }) lineNo: number;
  @Column({ name: 'service_account_id', type: 'uuid' }) serviceAccountId: string;
  @Column({ name: 'payable_id', type: 'uuid', nullable: true }) payableId: string | null;
  @Column({ name: 'amount_cents', ...bigintColumn }) amountCents: bigint;
  /** What settled refunds have taken back from this line, as billing's ledger has it for its account; never more than `amountCents`. */
  @Column({ name: 'refunded_cents', ...bigintColumn }) refundedCents: bigint;
}
