import type { CardBrand, PaymentMethodKind } from '@platform/core';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A card or bank account a customer saved: the processor's ids and what a person recognises it by, never its number. */
@Entity({ name: 'saved_payment_methods' })
export class SavedMethodEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'processor_profile_id', type: 'text' }) processorProfileId: string;
  @Column({ name: 'processor_method_id', type: 'text' }) processorMethodId: string;
  @Column({ type: 'text' }) kind: PaymentMethodKind;
  @Column({ type: 'text', nullable: true }) brand: CardBrand | null;
  @Column({ type: 'text' }) last4: string;
  @Column({ name: 'exp_month', type: 'smallint', nullable: true }) expMonth: number | null;
  @Column({ name: 'exp_year', type: 'smallint', nullable: true }) expYear: number | null;
  @Column({ name: 'holder_name', type: 'text', nullable: true }) holderName: string | null;
  @Column({ type: 'text' }) fingerprint: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true }) removedAt: Date | null;
}
