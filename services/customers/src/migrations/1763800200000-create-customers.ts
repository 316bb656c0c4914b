import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCustomers1763800200000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        email text CHECK (email = lower(email)),
        username text CHECK (username = lower(username)),
        full_name text,
        phone text,
        password_hash text,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['CUSTOMER', 'SUPPORT', 'ADMIN']),
        locale text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        CHECK (email IS NOT NULL OR username IS NOT NULL)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX users_email ON users (tenant_id, email) WHERE email IS NOT NULL');
    await queryRunner.query('CREATE UNIQUE INDEX users_username ON users (tenant_id, username) WHERE username IS NOT NULL');

    await queryRunner.query(`
      CREATE TABLE sessions (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX sessions_user ON sessions (tenant_id, user_id) WHERE revoked_at IS NULL');

    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        tenant_id uuid NOT NULL,
        token_hash text NOT NULL,
        session_id uuid NOT NULL,
        issued_at timestamptz NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (tenant_id, token_hash),
        FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id)
      )`);

    await queryRunner.query(`
      CREATE TABLE password_reset_tokens (
        tenant_id uuid NOT NULL,
        token_hash text NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (tenant_id, token_hash),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
      )`);

    for (const table of ['users', 'sessions', 'refresh_tokens', 'password_reset_tokens']) {
      await enableTenantRowLevelSecurity(queryRunner, table);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['password_reset_tokens', 'refresh_tokens', 'sessions', 'users']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
