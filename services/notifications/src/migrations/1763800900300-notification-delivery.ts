import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery of the outbox: attempts, back-off, claims (so a crashed worker's
 * messages are taken by another once its claim lapses), outcome and reason;
 * the NOTIFY that wakes workers; addresses that bounced; residents' choices.
 */
export class NotificationDelivery1763800900300 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_status_check`);
    await queryRunner.query(`ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_status_check CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SUPPRESSED'))`);
    await queryRunner.query(`
      ALTER TABLE notification_outbox
        ADD COLUMN user_id uuid,
        ADD COLUMN account_number text,
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN claim_id uuid,
        ADD COLUMN claimed_until timestamptz,
        ADD COLUMN last_error text,
        ADD COLUMN failure_reason text,
        ADD COLUMN provider_message_id text,
        ADD COLUMN resent_from uuid`);
    await queryRunner.query(`UPDATE notification_outbox SET account_number = data->>'accountNumber' WHERE data ? 'accountNumber'`);
    await queryRunner.query(`DROP INDEX notification_outbox_pending`);
    // What a worker claims: due PENDING rows, oldest due first.
    await queryRunner.query(`CREATE INDEX notification_outbox_due ON notification_outbox (tenant_id, next_attempt_at) WHERE status = 'PENDING'`);
    await queryRunner.query(`CREATE INDEX notification_outbox_recent ON notification_outbox (tenant_id, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX notification_outbox_recipient ON notification_outbox (tenant_id, lower(recipient), created_at DESC)`);
    await queryRunner.query(`CREATE INDEX notification_outbox_failed ON notification_outbox (tenant_id) WHERE status = 'FAILED'`);
    // No NOTIFY trigger: enqueueNotification wakes workers after its transaction commits (notifyAfterCommit), as a
    // NOTIFY inside every payment would queue them all on the database-wide lock NOTIFY holds through the commit.

    await queryRunner.query(`
      CREATE TABLE notification_suppressions (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        channel text NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
        address text NOT NULL,
        reason text NOT NULL,
        detail text,
        notification_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, channel, address)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'notification_suppressions');

    await queryRunner.query(`
      CREATE TABLE notification_preferences (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        user_id uuid NOT NULL,
        autopay_reminders boolean NOT NULL DEFAULT true,
        sms_opt_in boolean NOT NULL DEFAULT false,
        sms_phone text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, user_id),
        CHECK (NOT sms_opt_in OR sms_phone IS NOT NULL)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'notification_preferences');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE notification_preferences');
    await queryRunner.query('DROP TABLE notification_suppressions');
  }
}
