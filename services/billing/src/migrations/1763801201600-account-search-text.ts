import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff find an account by its holder's name or address however they type
 * it: "maria nunez" finds María José Núñez, and "Gutiérrez" finds a holder
 * stored as Gutierrez. `search_text` is what the search matches: the name
 * and the whole address, accents off (NFD, combining marks dropped) and in
 * lower case, by billing_search_fold, which the query applies to the words
 * typed as well, so both sides fold the same way. A generated column: every
 * writer (opening an account, a bill import, an edit) keeps it current
 * without knowing of it, and adding it fills it for the rows already there.
 * Not the unaccent extension: its function is not immutable (a generated
 * column cannot call it), and a city's own PostgreSQL need not have it.
 * normalize() needs a UTF8 database, which the platform's are.
 */
export class AccountSearchText1763801201600 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION billing_search_fold(value text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT lower(regexp_replace(normalize(value, NFD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')) $$`);
    await queryRunner.query(`
      ALTER TABLE service_accounts ADD COLUMN search_text text NOT NULL
        GENERATED ALWAYS AS (billing_search_fold(customer_name || ' ' || address_line1 || ' ' || coalesce(address_line2 || ' ', '') || city || ' ' || region || ' ' || postal_code)) STORED`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE service_accounts DROP COLUMN search_text');
    await queryRunner.query('DROP FUNCTION billing_search_fold(text)');
  }
}
