import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's proven claim to a service account (billing's), so they can see and pay it when signed in. */
@Entity({ name: 'account_links' })
export class AccountLinkEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  /** Billing's account id; not a foreign key, because billing owns that table. */
  @PrimaryColumn({ name: 'service_account_id', type: 'uuid' }) serviceAccountId: string;
  @Column({ name: 'linked_at', type: 'timestamptz' }) linkedAt: Date;
}
