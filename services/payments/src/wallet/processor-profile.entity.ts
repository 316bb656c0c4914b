import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The processor's customer profile for a user, which holds their saved methods. */
@Entity({ name: 'processor_profiles' })
export class ProcessorProfileEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'profile_id', type: 'text' }) profileId: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
