import { bigintColumn } from '@platform/db';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OperationKind, OperationStatus } from './payment-operation.state';

/**
 * A refund or void of a payment: its own status, key and history, as Kill
 * Bill keeps a payment's transactions. Recorded PENDING before the processor
 * is asked, so an answer that is lost is found again under `processorKey`.
 */
@Entity({ name: 'payment_operations' })
export class PaymentOperationEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  /** Database-assigned order of recording. */
  @Column({ ...bigintColumn, insert: false, update: false }) seq: bigint;
  @Column({ name: 'payment_id', type: 'uuid' }) paymentId: string;
  @Column({ type: 'text' }) kind: OperationKind;
  /** Unique per city: the client's key for a refund, one made for a void. */
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey: string;
  /** The key the processor is called with, every time this operation is sent or sent again. */
  @Column({ name: 'processor_key', type: 'text' }) processorKey: string;
  /** A refund's amount; a void's is the payment's total. */
  @Column({ name: 'amount_cents', ...bigintColumn }) amountCents: bigint;
  /** A refund asked of one account the payment paid: taken from that account's share only. Null: from the lines in order. */
  @Column({ name: 'service_account_id', type: 'uuid', nullable: true }) serviceAccountId: string | null;
  @Column({ type: 'text' }) reason: string;
  /** Who asked for it. */
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text' }) status: OperationStatus;
  /** The processor's id for the refund, or the voided charge's. */
  @Column({ name: 'processor_ref', type: 'text', nullable: true }) processorRef: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
