import { Client } from 'pg';
import { connectionFailure } from './connection-failure';
import { assertIdentifier, type DatabaseSettings, type RoleCredentials } from './database-settings';
import { scramVerifier } from './scram-verifier';
import { silenceLimitedClient } from './silence-limited-client';

export interface BootstrapOptions {
  /**
   * DATABASE_SILENCE_LIMIT_MS: how long connecting, and each statement, may wait on a database that says nothing
   * before start-up fails (connectionFailure) rather than hang; none when unset. The statements are short catalog
   * changes, and the longest wait is on another process's bootstrap (CREATE DATABASE the longest of it).
   */
  readonly silenceLimitMs?: number;
}

/**
 * Makes sure both roles and the platform database exist, with privileges that
 * keep the app role honest: it can read and write rows the owner's tables
 * expose to it, and nothing else. Safe to run concurrently and repeatedly.
 */
export async function bootstrapDatabase(settings: DatabaseSettings, options: BootstrapOptions = {}): Promise<void> {
  const owner = assertIdentifier(settings.owner.name, 'owner role');
  const app = assertIdentifier(settings.app.name, 'app role');
  const database = assertIdentifier(settings.databaseName, 'database name');

  await withConnection(settings.adminUrl, options, async (admin) => {
    // Roles are cluster-wide; serialise creators so parallel test files don't collide.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', ['platform-bootstrap']);
    try {
      await ensureRole(admin, settings.owner, 'NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE');
      await ensureRole(admin, settings.app, 'NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT');
      // For billing_insert_staged_bills alone, which the owner's migration declares with it (see there); never the app role's.
      await admin.query(`GRANT SET ON PARAMETER session_replication_role TO ${owner}`).catch((error: unknown) => {
        throw new Error(`The database role of DATABASE_URL could not grant ${owner} SET on session_replication_role (bill imports need it; a superuser can grant it): ${String(error)}`);
      });
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${database} OWNER ${owner} ENCODING 'UTF8' TEMPLATE template0`);
    } finally {
      // The session's end releases it anyway: an unlock on a connection cut for its silence must not hide why it failed.
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', ['platform-bootstrap']).catch(() => undefined);
    }
  });

  const url = new URL(settings.adminUrl);
  url.pathname = `/${database}`;
  await withConnection(url.toString(), options, async (admin) => {
    // One statement string is one transaction, and the lock is held to its end: starts running this at once (two
    // gateways and a worker) otherwise update the same catalog rows together, and one fails ("tuple concurrently updated").
    await admin.query(`
      SELECT pg_advisory_xact_lock(hashtext('platform-bootstrap'));
      ALTER SCHEMA public OWNER TO ${owner};
      ${databasePrivileges(database, app)}
      REVOKE CREATE ON SCHEMA public FROM PUBLIC;
      GRANT USAGE ON SCHEMA public TO ${app};
      ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app};
      ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app};
      ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO ${app};
    `);
  });
}

/**
 * A new database as a copy of `template`, a database bootstrapped and migrated
 * for the same roles (tests only: one template per run, one copy per test
 * file). Schemas, tables, rows and their privileges come with the copy; the
 * database's own privileges do not, so they are set again here. Nobody may be
 * connected to the template while it is copied.
 */
export async function copyDatabase(settings: DatabaseSettings, template: string, databaseName: string): Promise<void> {
  const source = assertIdentifier(template, 'template database');
  const database = assertIdentifier(databaseName, 'database name');
  const owner = assertIdentifier(settings.owner.name, 'owner role');
  const app = assertIdentifier(settings.app.name, 'app role');
  await withClient(settings.adminUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${source} OWNER ${owner}`);
    await admin.query(databasePrivileges(database, app));
  });
}

/** Only the app role (and the owner) may connect: no PUBLIC access to the database. */
function databasePrivileges(database: string, app: string): string {
  return `REVOKE ALL ON DATABASE ${database} FROM PUBLIC; GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${app};`;
}

/** Drops a database (tests only): ends its sessions first. */
export async function dropDatabase(settings: DatabaseSettings, databaseName: string): Promise<void> {
  const database = assertIdentifier(databaseName, 'database name');
  await withClient(settings.adminUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });
}

async function ensureRole(admin: Client, role: RoleCredentials, attributes: string): Promise<void> {
  const name = assertIdentifier(role.name, 'role');
  const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  const verb = exists.rowCount === 0 ? 'CREATE' : 'ALTER';
  // Passwords cannot be bind parameters in DDL: the statement carries the password's verifier, never the password.
  await admin.query(`${verb} ROLE ${name} LOGIN ${attributes} PASSWORD ${admin.escapeLiteral(scramVerifier(role.password))}`);
}

/** One connection to `url` for `fn`, ended after it. */
export function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  return withConnection(url, {}, fn);
}

/** withClient, bounded as `options` say; a connection that cannot be opened fails as connectionFailure says. */
async function withConnection<T>(url: string, { silenceLimitMs }: BootstrapOptions, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = silenceLimitMs ? new (silenceLimitedClient(silenceLimitMs))({ connectionString: url }) : new Client({ connectionString: url });
  // A connection cut mid-statement fails that statement too; unheard, the client's own 'error' would end the process.
  client.on('error', () => undefined);
  await client.connect().catch((error: unknown) => {
    throw connectionFailure(url, error, silenceLimitMs);
  });
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
