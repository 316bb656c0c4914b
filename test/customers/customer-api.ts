import { testPlatformOf, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';

/* GraphQL documents and small helpers shared by the customers tests. */

const SESSION_FIELDS = 'session { accessToken refreshToken accessTokenExpiresAt refreshTokenExpiresAt } user { id email username name phone locale roles }';
const USER_ERRORS = 'userErrors { field code message }';

export const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { ${SESSION_FIELDS} ${USER_ERRORS} } }`;
export const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { ${SESSION_FIELDS} ${USER_ERRORS} } }`;
export const REFRESH = `mutation Refresh($token: String!) { refreshSession(refreshToken: $token) { ${SESSION_FIELDS} ${USER_ERRORS} } }`;
export const LOGOUT = `mutation Logout($token: String) { logout(refreshToken: $token) { ${USER_ERRORS} } }`;
export const LOGOUT_EVERYWHERE = `mutation LogoutEverywhere { logoutEverywhere { ${USER_ERRORS} } }`;
export const VERIFY_EMAIL = `mutation VerifyEmail($input: VerifyEmailInput!) { verifyEmail(input: $input) { ${USER_ERRORS} } }`;
export const REQUEST_RESET = `mutation RequestReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ${USER_ERRORS} } }`;
export const RESET = `mutation Reset($input: ResetPasswordInput!) { resetPassword(input: $input) { ${USER_ERRORS} } }`;
export const CHANGE_PASSWORD = `mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) { ${USER_ERRORS} } }`;
export const UPDATE_PROFILE = `mutation Update($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id email name phone locale } ${USER_ERRORS} } }`;
export const VIEWER = '{ viewer { roles user { id email username name phone locale roles } } }';
export const CREATE_STAFF = `mutation Staff($input: CreateStaffUserInput!) { createStaffUser(input: $input) { user { id email username name roles } ${USER_ERRORS} } }`;
export const AUDIT_LOG = `query Audit($first: Int!, $after: String) {
  auditLog(first: $first, after: $after) { edges { cursor node { kind actor userId clientIp occurredAt detail { key value } } } pageInfo { hasNextPage endCursor } }
}`;

export interface UserErrorShape {
  readonly field: string[];
  readonly code: string;
  readonly message: string;
}

export interface SessionShape {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly accessTokenExpiresAt: string;
  readonly refreshTokenExpiresAt: string;
}

export interface UserShape {
  readonly id: string;
  readonly email: string | null;
  readonly username: string | null;
  readonly name: string | null;
  readonly phone: string | null;
  readonly locale: string;
  readonly roles: string[];
}

export interface AuthPayload {
  readonly session: SessionShape | null;
  readonly user: UserShape | null;
  readonly userErrors: UserErrorShape[];
}

/** A password no rule objects to. */
export const GOOD_PASSWORD = 'correct horse battery staple';

/**
 * Registers a customer and returns the signed-in payload; fails the test if the city refuses. The customer then
 * follows the link their registration sent to their email, as a resident does, so the city emails them as it would
 * (an address nobody proved gets nothing else); `{ proveEmail: false }` leaves it unproved.
 */
export async function registerCustomer(
  client: GraphQLTestClient,
  input: Record<string, unknown>,
  options: { readonly proveEmail?: boolean } = {},
): Promise<{ session: SessionShape; user: UserShape }> {
  const { register } = await client.data<{ register: AuthPayload }>(REGISTER, { input: { password: GOOD_PASSWORD, ...input } });
  if (!register.session || !register.user) throw new Error(`registration refused: ${JSON.stringify(register.userErrors)}`);
  const platform = testPlatformOf(client);
  if (options.proveEmail !== false && platform && register.user.email) {
    const token = await waitingEmailVerificationToken(platform, register.user.id);
    // A platform that delivers as it goes may have sent the link already, and a sent link's token is not kept: the
    // address is then taken as proved, as its reader would have proved it (the link itself is tested on platforms
    // that hold their mail).
    if (token) await verifyEmailWith(client, token);
    else await markEmailProved(platform, register.user.id);
  }
  return { session: register.session, user: register.user };
}

/** Follows the latest email verification link queued for the user (not yet sent), as its reader would; fails the test if refused. */
export async function followEmailVerification(platform: TestPlatform, client: GraphQLTestClient, userId: string): Promise<void> {
  await verifyEmailWith(client, await emailVerificationToken(platform, userId));
}

async function verifyEmailWith(client: GraphQLTestClient, token: string): Promise<void> {
  const { verifyEmail } = await client.data<{ verifyEmail: { userErrors: UserErrorShape[] } }>(VERIFY_EMAIL, { input: { token } });
  if (verifyEmail.userErrors.length > 0) throw new Error(`verification refused: ${JSON.stringify(verifyEmail.userErrors)}`);
}

/**
 * Moves a signed-in user's account to a new email as a resident does: asks for it with their password (updateProfile),
 * then follows the link sent there. The user's id is read from the session (`me`). Fails the test if either is refused.
 */
export async function changeEmail(platform: TestPlatform, me: GraphQLTestClient, email: string, currentPassword = GOOD_PASSWORD): Promise<void> {
  const { updateProfile } = await me.data<{ updateProfile: { user: { id: string } | null; userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, { input: { email, currentPassword } });
  if (!updateProfile.user) throw new Error(`email change refused: ${JSON.stringify(updateProfile.userErrors)}`);
  await followEmailVerification(platform, me, updateProfile.user.id);
}

/** The token of the user's latest verification link still waiting in their city's outbox. */
export async function emailVerificationToken(platform: TestPlatform, userId: string): Promise<string> {
  const token = await waitingEmailVerificationToken(platform, userId);
  if (!token) throw new Error(`no email verification link waiting for user ${userId}`);
  return token;
}

async function waitingEmailVerificationToken(platform: TestPlatform, userId: string): Promise<string | null> {
  for (const { slug } of await platform.db.query<{ slug: string }[]>('SELECT slug FROM tenants')) {
    const [row] = await tenantRows<{ token: string | null }>(
      platform,
      slug,
      `SELECT data->>'token' AS token FROM notification_outbox WHERE user_id = $1 AND template = 'EMAIL_VERIFICATION' AND status = 'PENDING' ORDER BY created_at DESC, id DESC LIMIT 1`,
      [userId],
    );
    if (row?.token) return row.token;
  }
  return null;
}

/** Marks the user's address proved, in their city's row-level security scope. */
async function markEmailProved(platform: TestPlatform, userId: string): Promise<void> {
  for (const { slug } of await platform.db.query<{ slug: string }[]>('SELECT slug FROM tenants')) {
    const proved = await tenantRows<{ id: string }>(platform, slug, 'UPDATE users SET email_verified_at = now() WHERE id = $1 RETURNING id', [userId]);
    if (proved.length > 0) return;
  }
  throw new Error(`no user ${userId} in any city`);
}

export async function signIn(client: GraphQLTestClient, identifier: string, password = GOOD_PASSWORD): Promise<AuthPayload> {
  return (await client.data<{ login: AuthPayload }>(LOGIN, { input: { identifier, password } })).login;
}

export const bearer = (client: GraphQLTestClient, session: SessionShape): GraphQLTestClient => client.withHeaders({ authorization: `Bearer ${session.accessToken}` });

/** Rows of a tenant table, read as the app role inside the city's row-level security scope. */
export async function tenantRows<T>(platform: TestPlatform, slug: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const [tenant] = await platform.db.query<{ id: string }[]>('SELECT id FROM tenants WHERE slug = $1', [slug]);
  if (!tenant) throw new Error(`no tenant ${slug}`);
  return platform.db.transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant.id]);
    return manager.query<T[]>(sql, params);
  });
}

/**
 * The cursor of the city's last event committed so far (sealed for the city, as the feeds give cursors out), once it is
 * final: a subscription may start `after` it and gets exactly what happens from now on. Waits because a transaction
 * still running can hold a committed event beyond the feeds' horizon, and a cursor from there is refused INVALID_CURSOR.
 */
export async function lastFinalCursor(platform: TestPlatform, slug: string): Promise<string> {
  const [tenant] = await platform.db.query<{ id: string }[]>('SELECT id FROM tenants WHERE slug = $1', [slug]);
  if (!tenant) throw new Error(`no tenant ${slug}`);
  const [committed] = await tenantRows<{ cursor: string }>(platform, slug, 'SELECT coalesce(max(cursor), 0)::text AS cursor FROM events');
  const hub = platform.gateway.events;
  const deadline = Date.now() + 20_000;
  while (eventPlace(platform, tenant.id, await hub.latestCursor(tenant.id, [{ typePrefix: '' }])) < BigInt(committed!.cursor)) {
    if (Date.now() > deadline) throw new Error(`${slug}'s event ${committed!.cursor} did not become final`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return hub.cursors.seal(tenant.id, BigInt(committed!.cursor));
}

/** Where a cursor the feeds gave a city out (sealed) is in its feed, to check their order (0: none, before the first). */
export function eventPlace(platform: TestPlatform, tenantId: string, cursor: string | null): bigint {
  if (cursor === null) return 0n;
  const place = platform.gateway.events.cursors.open(tenantId, cursor);
  if (place === null) throw new Error(`${cursor} is not a cursor of city ${tenantId}`);
  return place;
}

export interface OutboxMessage {
  readonly recipient: string;
  readonly locale: string;
  readonly template: string;
  readonly data: { token?: string; expiresAt?: string; name?: string };
}

/**
 * Messages waiting in a city's notification outbox for one address, oldest first, once work sent after its request's
 * answer is done (a password reset's link).
 */
export async function outboxFor(platform: TestPlatform, slug: string, recipient: string, template?: string): Promise<OutboxMessage[]> {
  await platform.settleBackgroundWork();
  return tenantRows<OutboxMessage>(
    platform,
    slug,
    `SELECT recipient, locale, template, data FROM notification_outbox
      WHERE recipient = $1 AND ($2::text IS NULL OR template = $2) ORDER BY created_at, id`,
    [recipient, template ?? null],
  );
}

/** The token from the latest message of a template to an address. */
export async function latestToken(platform: TestPlatform, slug: string, recipient: string, template: string): Promise<string> {
  const messages = await outboxFor(platform, slug, recipient, template);
  const token = messages.at(-1)?.data.token;
  if (!token) throw new Error(`no ${template} message with a token for ${recipient}`);
  return token;
}

export async function countRows(platform: TestPlatform, slug: string, table: string): Promise<number> {
  const [row] = await tenantRows<{ n: string }>(platform, slug, `SELECT count(*) AS n FROM ${table}`);
  return Number(row?.n ?? 0);
}

/** How many audit-log entries of a city match a condition on `security_events` (e.g. `kind = 'LOGIN_FAILED' AND client_ip = $1`). */
export async function auditCount(platform: TestPlatform, slug: string, where: string, params: unknown[] = []): Promise<number> {
  const [row] = await tenantRows<{ n: string }>(platform, slug, `SELECT count(*) AS n FROM security_events WHERE ${where}`, params);
  return Number(row?.n ?? 0);
}

/** The house number of an account's service address ("12700"): what its household knows, to link it where the city asks for that (Norwalk). */
export async function serviceHouseNumber(platform: TestPlatform, slug: string, accountNumber: string): Promise<string> {
  const [row] = await tenantRows<{ house: string | null }>(platform, slug, `SELECT substring(address_line1 from '^[0-9]+') AS house FROM service_accounts WHERE account_number = $1`, [accountNumber]);
  if (!row?.house) throw new Error(`no house number for ${accountNumber} at ${slug}`);
  return row.house;
}
