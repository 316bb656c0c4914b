import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A city whose payers reach an account by its number alone can no longer
 * ask for an amount to link one (see LinkProof): with the number, anyone
 * sees what is owed (most months the latest bill) and can make the last
 * payment. Such cities ask for the service address's house number instead.
 * A city saved before link proofs existed gets its proof written down: the
 * default it had then (the latest bill) where guests must also give the last
 * payment, the house number where they need not.
 */
export class LinkProofNotShownToGuests1763801200000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE tenants SET settings = jsonb_set(settings, '{accountLinking}', '{"proof": "LATEST_BILL_AMOUNT"}')
       WHERE settings -> 'accountLinking' IS NULL`);
    await queryRunner.query(`
      UPDATE tenants SET settings = jsonb_set(settings, '{accountLinking}', '{"proof": "SERVICE_HOUSE_NUMBER"}')
       WHERE COALESCE(settings #>> '{paymentRules,verificationMode}', 'ACCOUNT_NUMBER') = 'ACCOUNT_NUMBER'
         AND settings #>> '{accountLinking,proof}' IN ('LATEST_BILL_AMOUNT', 'LAST_PAYMENT_AMOUNT')`);
  }

  async down(): Promise<void> {
    // The proof a city used before is not kept: it stays on the house number, which every city may ask for.
  }
}
