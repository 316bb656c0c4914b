import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ImportSource = 'CSV' | 'API' | 'CLI' | 'SEED';

/** A batch of bills taken from the city's own billing system. Append-only. */
@Entity({ name: 'bill_imports' })
export class BillImportEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'text' }) source: ImportSource;
  @Column({ name: 'rows_received', type: 'integer' }) rowsReceived: number;
  @Column({ name: 'rows_imported', type: 'integer' }) rowsImported: number;
  @Column({ name: 'rows_already_imported', type: 'integer' }) rowsAlreadyImported: number;
  @Column({ type: 'text' }) actor: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** billsContentHash of the batch; null for imports recorded before it was kept. */
  @Column({ name: 'content_hash', type: 'text', nullable: true }) contentHash: string | null;
}
