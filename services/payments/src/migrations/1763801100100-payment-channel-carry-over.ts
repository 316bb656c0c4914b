import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PaymentChannel1763800900000 meant older cash and check payments to be
 * COUNTER and older autopay payments AUTOPAY, but its updates ran under the
 * table's forced row-level security and saw no row: they were all left WEB.
 * This carries them over. A WEB payment is never cash or a check, and only
 * autopay makes keys with a "/" (the API refuses them), so no payment that
 * really came through the web is touched.
 */
export class PaymentChannelCarryOver1763801100100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await acrossCities(queryRunner, ['payments'], async () => {
      await queryRunner.query(`UPDATE payments SET channel = 'COUNTER' WHERE channel = 'WEB' AND method_kind IN ('CASH', 'CHECK')`);
      await queryRunner.query(`UPDATE payments SET channel = 'AUTOPAY' WHERE channel = 'WEB' AND idempotency_key LIKE 'autopay/%'`);
    });
  }

  async down(): Promise<void> {
    // Nothing to undo: these channels were always meant to be recorded.
  }
}
