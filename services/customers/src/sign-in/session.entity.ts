import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A sign-in: one family of rotating refresh tokens. Revoking it ends every
 * token of the family, and the access tokens that name it stop working too.
 */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** LOGOUT, REFRESH_TOKEN_REUSED, PASSWORD_CHANGED, PASSWORD_RESET. */
  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason: string | null;
}
