import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether what a message announces stopped holding (a charge autopay will not
 * make: the enrolment cancelled or suspended since), whatever became of the
 * message: staff may not send it again (charge-announcements.service.ts).
 * The index finds an account's announcements not yet retracted, which every
 * cancellation and suspension marks, without reading the whole outbox.
 */
export class RetractedAnnouncements1763801202400 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notification_outbox ADD COLUMN retracted boolean NOT NULL DEFAULT false');
    await queryRunner.query(
      `CREATE INDEX notification_outbox_announcements ON notification_outbox (tenant_id, account_number)
        WHERE template IN ('AUTOPAY_REMINDER', 'AUTOPAY_CARD_EXPIRING', 'AUTOPAY_FAILED') AND NOT retracted`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX notification_outbox_announcements');
    await queryRunner.query('ALTER TABLE notification_outbox DROP COLUMN retracted');
  }
}
