import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

export const LINE_CATEGORIES = ['WATER', 'SEWER', 'TRASH', 'FEES', 'OTHER'] as const;
export type LineCategory = (typeof LINE_CATEGORIES)[number];

/** One line of a bill (water, sewer, trash, fees), in cents. */
@Entity({ name: 'payable_lines' })
export class PayableLineEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'payable_id', type: 'uuid' }) payableId: string;
  @PrimaryColumn({ name: 'line_no', type: 'smallint' }) lineNo: number;
  @Column({ type: 'text' }) category: LineCategory;
  @Column({ type: 'text' }) description: string;
  @Column({ name: 'amount_cents', ...bigintColumn }) amountCents: bigint;
}
