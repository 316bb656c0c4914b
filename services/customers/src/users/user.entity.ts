import type { Locale } from '@platform/core';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UserRole } from './user-role';

/**
 * A person who signs in to one city. The same email at two cities is two
 * users: every key includes the tenant.
 */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Lower-cased; unique per city. Mail goes here only once its owner proved it (emailVerifiedAt), a reset link aside. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** When the owner of `email` followed a link sent there (a verification, a reset, an invitation); null: not yet proved. */
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  /** A new address asked for (updateProfile), waiting for its link to be followed; `email` stays the account's until then. */
  @Column({ name: 'pending_email', type: 'text', nullable: true })
  pendingEmail: string | null;

  /** Lower-cased; unique per city; for cities that sign in by username. */
  @Column({ type: 'text', nullable: true })
  username: string | null;

  @Column({ name: 'full_name', type: 'text', nullable: true })
  fullName: string | null;

  /** E.164, e.g. +14052177739. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** scrypt encoding; null for a staff user who has not yet set a password from the invitation. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ type: 'text', array: true })
  roles: UserRole[];

  @Column({ type: 'text' })
  locale: Locale;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Since when a staff member's access is taken away (disableStaffUser); they cannot sign in. Null: active. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /**
   * When the resident closed their online account (closeMyAccount), or the city's ADMIN closed it for them: it keeps no
   * name, email, phone, username or password since, and is disabled. Null: open.
   */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
