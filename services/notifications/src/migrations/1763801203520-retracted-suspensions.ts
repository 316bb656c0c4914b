import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Suspension notices are retracted too once the suspension is over
 * (suspension-notices.service.ts): the index finds an account's not yet
 * retracted, which every resumption and end of an enrolment marks, without
 * reading the whole outbox. Those sent before this release are marked the
 * next time autopay changes for their account.
 */
export class RetractedSuspensions1763801203520 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX notification_outbox_suspensions ON notification_outbox (tenant_id, account_number) WHERE template = 'AUTOPAY_SUSPENDED' AND NOT retracted`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX notification_outbox_suspensions');
  }
}
