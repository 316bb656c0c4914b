import { bigintColumn } from '@platform/db';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OperationStatus } from './payment-operation.state';

/** Every status a refund or void has had: when, who, why, and the processor's reference. Append-only. */
@Entity({ name: 'payment_operation_transitions' })
export class PaymentOperationTransitionEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ ...bigintColumn, insert: false, update: false }) seq: bigint;
  @Column({ name: 'operation_id', type: 'uuid' }) operationId: string;
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus: OperationStatus | null;
  @Column({ name: 'to_status', type: 'text' }) toStatus: OperationStatus;
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'processor_ref', type: 'text', nullable: true }) processorRef: string | null;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
}
