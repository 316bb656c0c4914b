import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';
import type { AccountStatus } from './account-status.state';

/** Every status an account has been in: who moved it, when, and why. Append-only. */
@Entity({ name: 'account_status_changes' })
export class AccountStatusChangeEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  /** Database-assigned order of recording (several changes can share a timestamp). */
  @Column({ ...bigintColumn, insert: false, update: false }) seq: bigint;
  @Column({ name: 'service_account_id', type: 'uuid' }) serviceAccountId: string;
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus: AccountStatus | null;
  @Column({ name: 'to_status', type: 'text' }) toStatus: AccountStatus;
  @Column({ type: 'text' }) reason: string;
  /** A staff user's id, "system" for automatic changes, "platform-operator". */
  @Column({ type: 'text' }) actor: string;
  /** What staff wrote about a change they made; null for the system's. */
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
}
