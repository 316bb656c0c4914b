import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TenantSettings } from './tenant-settings';

/** Append-only history of a city's settings: who changed what, when. Tenant-scoped (row-level security). */
@Entity({ name: 'tenant_settings_changes' })
export class TenantSettingsChangeEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;

  /** Who made the change: "platform-operator", "cli", "seed", later a user id. */
  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  kind: 'CREATED' | 'UPDATED';

  /** The settings as they stood after the change. */
  @Column({ type: 'jsonb' })
  settings: TenantSettings;
}
