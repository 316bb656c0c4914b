import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Text messages in the outbox (a phone payer's receipt); their recipient is an E.164 number. */
export class SmsNotifications1763800900100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE notification_outbox
        DROP CONSTRAINT notification_outbox_channel_check,
        ADD CONSTRAINT notification_outbox_channel_check CHECK (channel IN ('EMAIL', 'SMS'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE notification_outbox
        DROP CONSTRAINT notification_outbox_channel_check,
        ADD CONSTRAINT notification_outbox_channel_check CHECK (channel IN ('EMAIL'))`);
  }
}
