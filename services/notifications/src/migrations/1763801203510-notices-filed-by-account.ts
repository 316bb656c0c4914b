import { referenceKey } from '@platform/billing';
import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message is filed under every service account it is about, by the key
 * billing matches account numbers by (`account_keys`; accountFiling in
 * notification.service.ts): staff searching an account find the notices of
 * a payment to it (which name it only masked) under each account the
 * payment paid, however the number is typed. The GIN index serves that
 * search (`@>`); row-level security adds the city.
 *
 * Messages queued before keep the account they were filed under
 * (`account_number`: autopay's notices), keyed here as billing keys it.
 * Payment notices queued before were filed under none and name their
 * accounts masked only, which cannot be undone from the outbox: they are
 * still found by recipient, not by account.
 */
export class NoticesFiledByAccount1763801203510 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notification_outbox ADD COLUMN account_keys text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query('CREATE INDEX notification_outbox_account_keys ON notification_outbox USING gin (account_keys)');
    await acrossCities(queryRunner, ['notification_outbox'], async () => {
      const numbers = (await queryRunner.query('SELECT DISTINCT account_number FROM notification_outbox WHERE account_number IS NOT NULL')) as { account_number: string }[];
      const keyed = numbers.flatMap(({ account_number: number }) => {
        const key = referenceKey(number);
        return key ? [{ number, key }] : [];
      });
      if (keyed.length === 0) return;
      await queryRunner.query('UPDATE notification_outbox o SET account_keys = ARRAY[k.key] FROM unnest($1::text[], $2::text[]) AS k (number, key) WHERE o.account_number = k.number', [
        keyed.map((k) => k.number),
        keyed.map((k) => k.key),
      ]);
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX notification_outbox_account_keys');
    await queryRunner.query('ALTER TABLE notification_outbox DROP COLUMN account_keys');
  }
}
