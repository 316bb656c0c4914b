/** A login role the platform creates and connects as. */
export interface RoleCredentials {
  readonly name: string;
  readonly password: string;
}

/**
 * Where the platform's database lives and who connects to it.
 * - `adminUrl`: a role allowed to create roles and databases; used only to bootstrap.
 * - `owner`: owns the schema and runs migrations; never used to serve requests.
 * - `app`: what the gateway connects as; owns nothing, cannot bypass row-level security.
 */
export interface DatabaseSettings {
  readonly adminUrl: string;
  readonly databaseName: string;
  readonly owner: RoleCredentials;
  readonly app: RoleCredentials;
}

/** The admin URL's server, with another role and database. */
function connectionUrl(settings: DatabaseSettings, role: RoleCredentials, databaseName = settings.databaseName): string {
  const url = new URL(settings.adminUrl);
  url.username = encodeURIComponent(role.name);
  url.password = encodeURIComponent(role.password);
  url.pathname = `/${encodeURIComponent(databaseName)}`;
  return url.toString();
}

export const ownerUrl = (settings: DatabaseSettings): string => connectionUrl(settings, settings.owner);
export const appUrl = (settings: DatabaseSettings): string => connectionUrl(settings, settings.app);

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Role and database names go into DDL unquoted-safe: lowercase identifiers only. */
export function assertIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" must be a lowercase SQL identifier`);
  return name;
}
