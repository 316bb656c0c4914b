import { acrossCities, enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An email address is used for a person's mail only once its owner followed a link sent there: `email_verified_at` says
 * when the account's address was proved, `pending_email` holds a new address asked for in a profile until its link is
 * followed (the account keeps its proved address meanwhile), and `email_verification_tokens` keeps each link's hash.
 * Addresses already on file are taken as proved from when they were registered: they have been getting the city's mail
 * all along, and holding every resident's next receipt until they clicked a link would lose more than it protects.
 */
export class EmailVerification1796536891422 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users ADD COLUMN email_verified_at timestamptz, ADD COLUMN pending_email text');
    await acrossCities(queryRunner, ['users'], () => queryRunner.query('UPDATE users SET email_verified_at = created_at WHERE email IS NOT NULL'));
    await queryRunner.query(`
      CREATE TABLE email_verification_tokens (
        tenant_id uuid NOT NULL,
        token_hash text NOT NULL,
        user_id uuid NOT NULL,
        email text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (tenant_id, token_hash),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX email_verification_tokens_open_by_user ON email_verification_tokens (tenant_id, user_id) WHERE used_at IS NULL');
    await enableTenantRowLevelSecurity(queryRunner, 'email_verification_tokens');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE email_verification_tokens');
    await queryRunner.query('ALTER TABLE users DROP COLUMN email_verified_at, DROP COLUMN pending_email');
  }
}
