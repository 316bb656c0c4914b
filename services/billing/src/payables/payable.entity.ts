import type { PayableKind } from '@platform/core';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

/** Something a resident owes the city on an account: a utility bill, a citation, another charge. */
@Entity({ name: 'payables' })
export class PayableEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'service_account_id', type: 'uuid' }) serviceAccountId: string;
  @Column({ type: 'text' }) kind: PayableKind;
  /** The city's own number for it: the bill number, the citation number. */
  @Column({ name: 'reference_number', type: 'text' }) referenceNumber: string;
  @Column({ name: 'reference_key', type: 'text' }) referenceKey: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ name: 'period_start', type: 'date', nullable: true }) periodStart: string | null;
  @Column({ name: 'period_end', type: 'date', nullable: true }) periodEnd: string | null;
  @Column({ name: 'issue_date', type: 'date' }) issueDate: string;
  @Column({ name: 'due_date', type: 'date' }) dueDate: string;
  @Column({ name: 'total_cents', ...bigintColumn }) totalCents: bigint;
  @Column({ name: 'import_id', type: 'uuid', nullable: true }) importId: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
