import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices of where an account's service stands are retracted once it changes (service-standing-notices.service.ts): the
 * index finds an account's not yet retracted, which every sweep returning an account and every staff disconnection and
 * restoration marks, without reading the whole outbox.
 */
export class RetractedServiceStandingNotices1796537434068 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX notification_outbox_service_standing ON notification_outbox (tenant_id, account_number) WHERE template IN ('DISCONNECTION_WARNING', 'SERVICE_DISCONNECTED') AND NOT retracted`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX notification_outbox_service_standing');
  }
}
