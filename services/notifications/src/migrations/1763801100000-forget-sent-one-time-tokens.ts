import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FORGET_ONE_TIME_TOKEN } from '../one-time-links';

/**
 * Messages done with no longer keep the one-time token they carried
 * (one-time-links.ts): this erases the tokens of those finished before.
 * It also carries over the account number of messages queued before
 * NotificationDelivery1763800900300, whose own carry-over ran under the
 * table's forced row-level security, and so saw no row.
 */
export class ForgetSentOneTimeTokens1763801100000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await acrossCities(queryRunner, ['notification_outbox'], async () => {
      await queryRunner.query(`UPDATE notification_outbox SET ${FORGET_ONE_TIME_TOKEN} WHERE status <> 'PENDING' AND data ? 'token'`);
      await queryRunner.query(`UPDATE notification_outbox SET account_number = data->>'accountNumber' WHERE account_number IS NULL AND data ? 'accountNumber'`);
    });
  }

  async down(): Promise<void> {
    // Nothing to undo: an erased token is gone, and the account numbers were always meant to be there.
  }
}
