import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * billing_hold_accounts_open(account_ids): the accounts a payment is being
 * recorded for, share-locked (FOR KEY SHARE, in id order, as every payment
 * locks them) until the caller commits, and the caller's statement failed
 * when one of them is closed (see accountClosedMeanwhile). A close takes its
 * account FOR UPDATE, so one committed while this waited is read here, and
 * one started after waits for the payment and then finds it.
 *
 * A function, not a query the caller reads: the payment's insert goes in the
 * same round trip, which only an error can stop. Invoker's rights, so row
 * security keeps it to the caller's city.
 */
export class AccountsHeldOpen1763801203810 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION billing_hold_accounts_open(account_ids uuid[]) RETURNS void
        LANGUAGE plpgsql
        SET search_path = pg_catalog, public
      AS $$
      DECLARE
        closed_id uuid;
      BEGIN
        PERFORM 1 FROM service_accounts WHERE id = ANY(account_ids) ORDER BY id FOR KEY SHARE;
        -- A statement of its own, so its snapshot is taken after the locks: a close that committed meanwhile is seen.
        SELECT id INTO closed_id FROM service_accounts WHERE id = ANY(account_ids) AND status = 'CLOSED' ORDER BY id LIMIT 1;
        IF closed_id IS NOT NULL THEN
          RAISE EXCEPTION 'service account % is closed', closed_id
            USING ERRCODE = 'object_not_in_prerequisite_state', TABLE = 'service_accounts', CONSTRAINT = 'service_account_open';
        END IF;
      END $$`);
    await queryRunner.query('REVOKE ALL ON FUNCTION billing_hold_accounts_open(uuid[]) FROM PUBLIC');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION billing_hold_accounts_open(uuid[])');
  }
}
