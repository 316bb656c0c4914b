import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refund may be asked of one account a payment paid (staff on that
 * account's page), not only of the payment's accounts in line order. So the
 * payment keeps what refunds took from each of its lines
 * (`payment_lines.refunded_cents`, as billing's ledger has it per account),
 * and a refund the account it was asked from (`payment_operations.service_account_id`,
 * null for the lines in order).
 *
 * Older refunds all came off the lines in order, so what each line gave back
 * is its part of the first `refunded_cents` of the payment's amount (a
 * refunded convenience fee was never on a line).
 */
export class RefundsByAccount1763801203050 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payment_lines ADD COLUMN refunded_cents bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0 AND refunded_cents <= amount_cents)');
    await queryRunner.query('ALTER TABLE payment_operations ADD COLUMN service_account_id uuid');
    await acrossCities(queryRunner, ['payments', 'payment_lines'], async () => {
      await queryRunner.query(`
        UPDATE payment_lines l SET refunded_cents = GREATEST(0, LEAST(l.amount_cents, o.taken - o.start))
          FROM (SELECT x.tenant_id, x.payment_id, x.line_no, LEAST(p.refunded_cents, p.amount_cents) AS taken,
                       SUM(x.amount_cents) OVER (PARTITION BY x.tenant_id, x.payment_id ORDER BY x.line_no) - x.amount_cents AS start
                  FROM payment_lines x JOIN payments p ON p.tenant_id = x.tenant_id AND p.id = x.payment_id
                 WHERE p.refunded_cents > 0) o
         WHERE l.tenant_id = o.tenant_id AND l.payment_id = o.payment_id AND l.line_no = o.line_no`);
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payment_operations DROP COLUMN service_account_id');
    await queryRunner.query('ALTER TABLE payment_lines DROP COLUMN refunded_cents');
  }
}
