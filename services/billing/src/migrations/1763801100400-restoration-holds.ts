import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many refunds or voids of a payment are with the processor, unanswered
 * (holdRestorationsPaidBy counts one up, releaseRestorationHold one
 * down): while any is, the accounts it paid open no restoration request,
 * whatever else posts to them, since the money may be leaving.
 */
export class RestorationHolds1763801100400 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payment_allocations ADD COLUMN give_backs_open integer NOT NULL DEFAULT 0 CHECK (give_backs_open >= 0)');
    await queryRunner.query('CREATE INDEX payment_allocations_held ON payment_allocations (tenant_id, service_account_id) WHERE give_backs_open > 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX payment_allocations_held');
    await queryRunner.query('ALTER TABLE payment_allocations DROP COLUMN give_backs_open');
  }
}
