import type { PayableKind } from '@platform/core';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintArrayColumn, bigintColumn } from '@platform/db';

export const LINE_CATEGORIES = ['WATER', 'SEWER', 'TRASH', 'FEES', 'OTHER'] as const;
export type LineCategory = (typeof LINE_CATEGORIES)[number];

/**
 * Something a resident owes the city on an account: a utility bill, a
 * citation, another charge. Its lines (water, sewer, trash, fees) are three
 * arrays of the same length, in line order: written once with the bill and
 * only read with it (see BillLinesOnTheBill1763801200100).
 */
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
  @Column({ name: 'line_categories', type: 'text', array: true }) lineCategories: LineCategory[];
  @Column({ name: 'line_descriptions', type: 'text', array: true }) lineDescriptions: string[];
  @Column({ name: 'line_amounts_cents', ...bigintArrayColumn }) lineAmountsCents: bigint[];
  @Column({ name: 'import_id', type: 'uuid', nullable: true }) importId: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
