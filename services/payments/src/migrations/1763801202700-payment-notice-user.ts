import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payment's notices (void, refund, return) went to `payer_email`, the
 * address its receipt went to, even when that was the payer's account email
 * and they had changed it since. `notice_user_id` is the user whose account
 * email the notices go to, read as each is queued (PaymentEntity says when).
 *
 * Older payments: autopay's receipts always went to the payer's account
 * email, and a signed-in web payer's did unless they typed another address,
 * which nothing recorded. Both are carried over: a typed address then loses
 * later notices to the payer's own account email, which is theirs, where
 * leaving them would send the others to an address the payer may have given
 * up. Older counter payments recorded no user: they keep `payer_email`.
 */
export class PaymentNoticeUser1763801202700 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payments ADD COLUMN notice_user_id uuid');
    await acrossCities(queryRunner, ['payments'], async () => {
      await queryRunner.query(`UPDATE payments SET notice_user_id = payer_user_id WHERE payer_user_id IS NOT NULL AND channel IN ('WEB', 'AUTOPAY')`);
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payments DROP COLUMN notice_user_id');
  }
}
