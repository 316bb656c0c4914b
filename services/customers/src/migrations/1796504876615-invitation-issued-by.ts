import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A staff invitation says which ADMIN sent it (`issued_by`; null for the platform operator's and for reset links,
 * which nobody sends on another's behalf): an invitation is that ADMIN's authority handed on by email, so it ends when
 * they lose their access or their ADMIN role, instead of letting a removed ADMIN back in through an address they
 * invited. Invitations still open are credited to the ADMIN the audit log names for the latest invitation of that
 * user at or before the token was made (STAFF_CREATED or STAFF_INVITATION_RESENT, both written in the same transaction).
 */
export class InvitationIssuedBy1796504876615 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE password_reset_tokens ADD COLUMN issued_by uuid');
    await queryRunner.query('ALTER TABLE password_reset_tokens ADD CONSTRAINT password_reset_tokens_issued_by FOREIGN KEY (tenant_id, issued_by) REFERENCES users (tenant_id, id)');
    await queryRunner.query(`CREATE INDEX password_reset_tokens_open_by_issuer ON password_reset_tokens (tenant_id, issued_by) WHERE used_at IS NULL AND issued_by IS NOT NULL`);
    await acrossCities(queryRunner, ['password_reset_tokens', 'security_events', 'users'], () =>
      queryRunner.query(`
        UPDATE password_reset_tokens t SET issued_by = (
          -- The latest invitation's sender, whoever it was: one the operator (or the command line) sent last is no user's.
          SELECT u.id FROM (
            SELECT e.actor FROM security_events e
             WHERE e.tenant_id = t.tenant_id AND e.user_id = t.user_id AND e.kind IN ('STAFF_CREATED', 'STAFF_INVITATION_RESENT') AND e.occurred_at <= t.created_at
             ORDER BY e.occurred_at DESC LIMIT 1) latest
          JOIN users u ON u.tenant_id = t.tenant_id AND u.id::text = latest.actor)
         WHERE t.purpose = 'STAFF_INVITATION' AND t.used_at IS NULL`),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE password_reset_tokens DROP COLUMN issued_by');
  }
}
