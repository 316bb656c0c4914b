import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a city knows of a bank account, by the processor's fingerprint: checked once, or blocked after a return. */
@Entity({ name: 'bank_accounts' })
export class BankAccountEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'text' }) fingerprint: string;
  @Column({ type: 'text' }) status: 'VERIFIED' | 'BLOCKED';
  /** Why it is blocked: the return code, e.g. "R02". */
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
