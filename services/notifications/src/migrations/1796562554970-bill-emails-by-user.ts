import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each resident's bill emails, newest first: paperless billing reads whether the last one reached them (billEmailBlocks), for every holder of a city at once. */
export class BillEmailsByUser1796562554970 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX notification_outbox_bill_emails ON notification_outbox (tenant_id, user_id, created_at DESC, id DESC) WHERE template = 'BILL_ISSUED' AND channel = 'EMAIL'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX notification_outbox_bill_emails');
  }
}
