import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Twilio Messaging Service each text went out through: the city's own,
 * or NULL for the platform's. A STOP reaches the service the answered text
 * came from, which after a city moves to a service of its own is not the one
 * it sends through now (sms/inbound-sms-route.ts). A column of the outbox,
 * so its row-level security covers it. Texts sent before this release have
 * NULL: taken as the platform's, so a STOP to the platform's service may
 * stop a city that had its own then too, which errs on the side of not
 * texting.
 */
export class TextsByMessagingService1763801203200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notification_outbox ADD COLUMN messaging_service_sid text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notification_outbox DROP COLUMN messaging_service_sid');
  }
}
