import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The email address changes of users, as customers reports them
 * (redirectPendingEmails): a copy of a message sent before a change follows
 * the user to their address now (resendNotification), rather than going to
 * an address they gave up, which may be someone else's mailbox. `seq` orders
 * changes made in the same instant. Changes before this release are not
 * known: a copy of an older message goes where the message went.
 */
export class EmailAddressChanges1763801202800 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification_email_changes (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        user_id uuid NOT NULL,
        from_address text NOT NULL,
        to_address text,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, seq)
      )`);
    await queryRunner.query('CREATE INDEX notification_email_changes_user ON notification_email_changes (tenant_id, user_id, seq)');
    await enableTenantRowLevelSecurity(queryRunner, 'notification_email_changes');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE notification_email_changes');
  }
}
