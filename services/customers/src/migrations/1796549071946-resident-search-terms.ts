import { acrossCities, enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff's resident search (residents(search:), resident-search.queries.ts) matched every word anywhere in a name, an
 * email or a username with LIKE '%…%', which read every user of the city on each search. A trigram index would not
 * help: under row-level security PostgreSQL uses an index only for leakproof operators, and LIKE and trigram
 * similarity are not (only a superuser can say otherwise). So each resident's searchable terms are kept in
 * `resident_search_terms`, one row a term, under a b-tree in byte order (text_pattern_ops) whose range operators
 * (~>=~, ~<~) are leakproof: a word's start is found by range. Terms are the words (split at anything but letters,
 * digits and _) of the name, folded ("lópez" -> "lopez") and as written, of the email and of the username (kind W),
 * and every tail of three digits or more of the phone's digits (kind P), so any part of a number is a tail's start.
 * Kept by a trigger on users, in the writer's transaction, under the row's own city (a migration changing users across
 * cities sets none). Measured on 300,000 residents: see the notes of the change that added it.
 */
export class ResidentSearchTerms1796549071946 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE resident_search_terms (
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('W', 'P')),
        term text NOT NULL,
        PRIMARY KEY (tenant_id, user_id, kind, term),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX resident_search_terms_by_term ON resident_search_terms (tenant_id, kind, term text_pattern_ops)');
    await enableTenantRowLevelSecurity(queryRunner, 'resident_search_terms');
    await queryRunner.query(`
      CREATE FUNCTION resident_search_terms_of(full_name text, email text, username text, phone text)
        RETURNS TABLE (kind text, term text) LANGUAGE sql IMMUTABLE AS $$
        SELECT DISTINCT 'W', word
          FROM regexp_split_to_table(
                 translate(lower(coalesce(full_name, '')), 'áàâäãåéèêëíìîïóòôöõúùûüñçýÿ', 'aaaaaaeeeeiiiiooooouuuuncyy') || ' ' ||
                 lower(coalesce(full_name, '')) || ' ' || coalesce(email, '') || ' ' || coalesce(username, ''),
                 '[^0-9a-z_\\u00c0-\\uffff]+') AS word
         WHERE word <> ''
        UNION
        SELECT 'P', substr(digits, i)
          FROM (SELECT regexp_replace(coalesce(phone, ''), '\\D', '', 'g') AS digits) AS p, generate_series(1, length(digits) - 2) AS i
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION resident_search_terms_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        city text := current_setting('app.tenant_id', true);
      BEGIN
        -- The row's own city, for this work only: a request's is the same (users' policy saw to it), and a migration
        -- that changes users across cities has none set, which the terms' policy would refuse.
        PERFORM set_config('app.tenant_id', NEW.tenant_id::text, true);
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM resident_search_terms WHERE tenant_id = OLD.tenant_id AND user_id = OLD.id;
        END IF;
        IF 'CUSTOMER' = ANY (NEW.roles) THEN
          INSERT INTO resident_search_terms (tenant_id, user_id, kind, term)
          SELECT NEW.tenant_id, NEW.id, t.kind, t.term FROM resident_search_terms_of(NEW.full_name, NEW.email, NEW.username, NEW.phone) AS t;
        END IF;
        PERFORM set_config('app.tenant_id', coalesce(city, ''), true);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER users_resident_search_terms AFTER INSERT OR UPDATE OF full_name, email, username, phone, roles ON users
        FOR EACH ROW EXECUTE FUNCTION resident_search_terms_kept()`);
    await acrossCities(queryRunner, ['users', 'resident_search_terms'], () =>
      queryRunner.query(`
        INSERT INTO resident_search_terms (tenant_id, user_id, kind, term)
        SELECT u.tenant_id, u.id, t.kind, t.term FROM users u, resident_search_terms_of(u.full_name, u.email, u.username, u.phone) AS t
         WHERE 'CUSTOMER' = ANY (u.roles)`),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER users_resident_search_terms ON users');
    await queryRunner.query('DROP FUNCTION resident_search_terms_kept()');
    await queryRunner.query('DROP FUNCTION resident_search_terms_of(text, text, text, text)');
    await queryRunner.query('DROP TABLE resident_search_terms');
  }
}
