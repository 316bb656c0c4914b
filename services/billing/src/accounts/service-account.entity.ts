import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AccountStatus } from '../account-status/account-status.state';

/** A place the city serves and bills: the account number on the paper bill. */
@Entity({ name: 'service_accounts' })
export class ServiceAccountEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  /** As the city writes it, e.g. "10-2345-01". */
  @Column({ name: 'account_number', type: 'text' }) accountNumber: string;
  /** The number as look-ups match it (see accountKey()). */
  @Column({ name: 'account_key', type: 'text' }) accountKey: string;
  @Column({ name: 'customer_name', type: 'text' }) customerName: string;
  @Column({ name: 'address_line1', type: 'text' }) addressLine1: string;
  @Column({ name: 'address_line2', type: 'text', nullable: true }) addressLine2: string | null;
  @Column({ type: 'text' }) city: string;
  @Column({ type: 'text' }) region: string;
  @Column({ name: 'postal_code', type: 'text' }) postalCode: string;
  @Column({ type: 'text' }) status: AccountStatus;
  @Column({ name: 'opened_on', type: 'date' }) openedOn: string;
  @Column({ name: 'closed_on', type: 'date', nullable: true }) closedOn: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
