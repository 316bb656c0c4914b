import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A single-use link proving that whoever reads `email` asked for it on this user, stored only as its SHA-256. Its own
 * table, not password_reset_tokens with another purpose: resetPassword takes any row there, and a link that proves an
 * address must never be one that sets a password.
 */
@Entity({ name: 'email_verification_tokens' })
export class EmailVerificationTokenEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The address the link was sent to, as stored (lower-cased): it proves this one only. */
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
