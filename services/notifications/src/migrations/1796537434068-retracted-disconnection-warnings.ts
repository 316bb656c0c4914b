import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disconnection warnings are retracted once their account catches up (disconnection-warnings.service.ts): the index
 * finds an account's not yet retracted, which every sweep that returns an account to ACTIVE marks, without reading the
 * whole outbox.
 */
export class RetractedDisconnectionWarnings1796537434068 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX notification_outbox_disconnection_warnings ON notification_outbox (tenant_id, account_number) WHERE template = 'DISCONNECTION_WARNING' AND NOT retracted`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX notification_outbox_disconnection_warnings');
  }
}
