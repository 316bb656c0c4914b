import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a city knows of a bank account, by the processor's fingerprint: checked once, or blocked after a return or a
 * closure. A block lifted by staff is LIFTED: the city knows nothing against the account (it is read as no row: the
 * next new token from it is checked with its bank as a first one is), and the R01 returns before the lift no longer
 * count toward a new block (recordReturn).
 */
@Entity({ name: 'bank_accounts' })
export class BankAccountEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'text' }) fingerprint: string;
  /** Names this block (or check), for staff: each new block gets a new one (see liftBankAccountBlock). */
  @Column({ type: 'uuid' }) id: string;
  @Column({ type: 'text' }) status: 'VERIFIED' | 'BLOCKED' | 'LIFTED';
  /** Why it is blocked: the return code, e.g. "R02", RETURNED when the bank gave none, or INVALID_ACCOUNT. */
  @Column({ type: 'text', nullable: true }) reason: string | null;
  /** The account number's last four digits, the only part of it staff and the audit log see; null if never learned. */
  @Column({ type: 'text', nullable: true }) last4: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  /** When staff last lifted a block of it: R01 returns recorded before then no longer count toward a new block. */
  @Column({ name: 'lifted_at', type: 'timestamptz', nullable: true }) liftedAt: Date | null;
}
