import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A blocked bank account can be lifted by the city's ADMIN, who picks it from a list by its last four digits and
 * names it to the audit log by them alone. `id` names one block, not the bank account: each new block (a return, a
 * closure) gets a new one, so a lift of the block as staff read it is refused once another return has come in.
 * `last4` is taken, for the blocks already recorded, from the latest payment or saved method by the same numbers.
 */
export class BankAccountBlocks1796518009417 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE bank_accounts
        ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
        ADD COLUMN last4 text CHECK (last4 ~ '^[0-9]{4}$'),
        ADD CONSTRAINT bank_accounts_id_key UNIQUE (tenant_id, id)`);
    // Every city's blocks: the owner running migrations is bound by row-level security too (acrossCities).
    await acrossCities(queryRunner, ['bank_accounts', 'payments', 'saved_payment_methods'], () =>
      queryRunner.query(`
        UPDATE bank_accounts b SET last4 = coalesce(
          (SELECT p.method_last4 FROM payments p WHERE p.tenant_id = b.tenant_id AND p.method_fingerprint = b.fingerprint ORDER BY p.made_at DESC LIMIT 1),
          (SELECT m.last4 FROM saved_payment_methods m WHERE m.tenant_id = b.tenant_id AND m.fingerprint = b.fingerprint ORDER BY m.created_at DESC LIMIT 1))`),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE bank_accounts DROP CONSTRAINT bank_accounts_id_key, DROP COLUMN last4, DROP COLUMN id');
  }
}
