import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A single-use token to set a password (a reset, or a staff invitation), stored only as its SHA-256. */
@Entity({ name: 'password_reset_tokens' })
export class PasswordResetTokenEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** What it was sent as: only an invitation sets the password of a staff member still invited (invitationPending). */
  @Column({ type: 'text' })
  purpose: 'PASSWORD_RESET' | 'STAFF_INVITATION';

  /**
   * The ADMIN who sent this invitation, whose authority it carries: it ends when they lose their access or their ADMIN
   * role (endInvitationsSentBy). Null for the platform operator's invitations and for reset links.
   */
  @Column({ name: 'issued_by', type: 'uuid', nullable: true })
  issuedBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
