import type { Locale } from '@platform/core';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { TenantSettings } from './tenant-settings';

/**
 * The registry of cities. Not itself tenant-scoped: the gateway reads it to
 * find out which tenant a request is for, before any tenant is set.
 */
@Entity({ name: 'tenants' })
export class TenantEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text', unique: true })
  slug: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ type: 'text', nullable: true })
  department: string | null;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ type: 'text', array: true })
  locales: Locale[];

  @Column({ name: 'default_locale', type: 'text' })
  defaultLocale: Locale;

  /** Every group of TenantSettings other than the columns above, validated before each write. */
  @Column({ type: 'jsonb' })
  settings: Omit<TenantSettings, 'displayName' | 'department' | 'timeZone' | 'locales' | 'defaultLocale'>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
