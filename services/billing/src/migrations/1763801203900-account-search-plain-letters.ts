import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * billing_search_fold also folds the letters whose mark is part of the letter,
 * which NFD leaves whole, to the plain letters they are typed (or exported in
 * ASCII) with: Đ and Ð (eth, its look-alike) to d, Ł to l, Ø to o, Turkish ı
 * to i, ß and ẞ to ss, Æ to ae, Œ to oe, Þ to th, upper and lower case alike
 * (lower() does not know them in every locale). "dang" finds Đặng, and "Đỗ"
 * finds a holder stored as DO.
 *
 * It also drops apostrophes and hyphens: "obrien" finds O'Brien, and
 * "smithjones" Smith-Jones. This loses no match: the words typed are split at
 * punctuation, so none holds one, and a word found in the text is still found
 * once characters not in it are taken out. Final sigma folds to σ: at the
 * end of a word JavaScript's toLowerCase makes Σ ς, and lower() need not.
 *
 * searchTerms folds the words typed by the same rules (foldForSearch): keep the
 * two alike. The column is dropped and added again, so that every row is folded
 * anew: the function's new body alone would change no stored value.
 */
export class AccountSearchPlainLetters1763801203900 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE service_accounts DROP COLUMN search_text');
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION billing_search_fold(value text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT translate(lower(
          replace(replace(replace(replace(replace(replace(replace(replace(
            translate(
              regexp_replace(normalize(value, NFD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f''\\u2018\\u2019\\u02bb\\u02bc\\u2010\\u2011-]', '', 'g'),
              'ĐđÐðŁłØøı', 'ddddllooi'),
            'ß', 'ss'), 'ẞ', 'ss'), 'Æ', 'ae'), 'æ', 'ae'), 'Œ', 'oe'), 'œ', 'oe'), 'Þ', 'th'), 'þ', 'th')),
          'ς', 'σ') $$`);
    await queryRunner.query(SEARCH_TEXT_COLUMN);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE service_accounts DROP COLUMN search_text');
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION billing_search_fold(value text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT lower(regexp_replace(normalize(value, NFD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')) $$`);
    await queryRunner.query(SEARCH_TEXT_COLUMN);
  }
}

const SEARCH_TEXT_COLUMN = `
  ALTER TABLE service_accounts ADD COLUMN search_text text NOT NULL
    GENERATED ALWAYS AS (billing_search_fold(customer_name || ' ' || address_line1 || ' ' || coalesce(address_line2 || ' ', '') || city || ' ' || region || ' ' || postal_code)) STORED`;
