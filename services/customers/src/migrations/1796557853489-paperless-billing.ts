import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Paperless billing. `paperless_choices`: a resident's consent to stop the paper bill of an account they hold (who, and
 * when), one row a holder and account, kept while it stands (a choice that lapses is deleted, its end recorded).
 * `paperless_changes`: when each account stopped or started being printed, and why, for the print vendor's list of
 * changes since a date; append-only. No foreign key to account_links: an unlinked holder's choice is ended (told and
 * audited) by the unlink, not silently by a cascade.
 */
export class PaperlessBilling1796557853489 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE paperless_choices (
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        service_account_id uuid NOT NULL,
        chosen_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, service_account_id, user_id),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX paperless_choices_user ON paperless_choices (tenant_id, user_id)');
    await enableTenantRowLevelSecurity(queryRunner, 'paperless_choices');
    await queryRunner.query(`
      CREATE TABLE paperless_changes (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        service_account_id uuid NOT NULL,
        account_number text NOT NULL,
        change text NOT NULL CHECK (change IN ('PAPERLESS', 'PAPER')),
        reason text NOT NULL,
        user_id uuid,
        actor text NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX paperless_changes_at ON paperless_changes (tenant_id, changed_at, id)');
    await enableTenantRowLevelSecurity(queryRunner, 'paperless_changes');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE paperless_changes');
    await queryRunner.query('DROP TABLE paperless_choices');
  }
}
