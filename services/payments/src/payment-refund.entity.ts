import { bigintColumn } from '@platform/db';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RefundStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';

/** Money given back from a payment, full or partial, by staff with a reason. */
@Entity({ name: 'payment_refunds' })
export class PaymentRefundEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'payment_id', type: 'uuid' }) paymentId: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey: string;
  @Column({ name: 'amount_cents', ...bigintColumn }) amountCents: bigint;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text' }) status: RefundStatus;
  @Column({ name: 'processor_refund_id', type: 'text', nullable: true }) processorRefundId: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
