import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LedgerEntryKind } from './balance';
import { bigintColumn } from '@platform/db';

/** One line of an account's ledger. Append-only: a trigger refuses UPDATE and DELETE; corrections are new entries. */
@Entity({ name: 'ledger_entries' })
export class LedgerEntryEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  /** Database-assigned order of recording. */
  @Column({ ...bigintColumn, insert: false, update: false }) seq: bigint;
  @Column({ name: 'service_account_id', type: 'uuid' }) serviceAccountId: string;
  @Column({ type: 'text' }) kind: LedgerEntryKind;
  /** Positive: the resident owes more; negative: less. */
  @Column({ name: 'amount_cents', ...bigintColumn }) amountCents: bigint;
  @Column({ name: 'effective_date', type: 'date' }) effectiveDate: string;
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate: string | null;
  @Column({ name: 'payable_id', type: 'uuid', nullable: true }) payableId: string | null;
  /** The payment (owned by the payments service) a posting, reversal or refund belongs to. */
  @Column({ name: 'payment_id', type: 'uuid', nullable: true }) paymentId: string | null;
  @Column({ name: 'source_id', type: 'uuid', nullable: true }) sourceId: string | null;
  @Column({ type: 'text', nullable: true }) memo: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @Column({ name: 'recorded_by', type: 'text' }) recordedBy: string;
}
