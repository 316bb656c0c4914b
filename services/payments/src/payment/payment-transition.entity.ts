import { bigintColumn } from '@platform/db';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PaymentStatus } from './payment.state';

/** Every status a payment has had: when, who, why, and the processor's reference. Append-only. */
@Entity({ name: 'payment_transitions' })
export class PaymentTransitionEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ ...bigintColumn, insert: false, update: false }) seq: bigint;
  @Column({ name: 'payment_id', type: 'uuid' }) paymentId: string;
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus: PaymentStatus | null;
  @Column({ name: 'to_status', type: 'text' }) toStatus: PaymentStatus;
  /** A user id, "guest", "system", "processor". */
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'processor_ref', type: 'text', nullable: true }) processorRef: string | null;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
}
