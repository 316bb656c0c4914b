import { randomBytes } from 'node:crypto';
import { withClient } from '@platform/db';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import { GraphQLTestClient, startTestPlatform, TEST_PROCESSOR_SECRET_KEY, type TestPlatform } from '@platform/testkit';
import { LOGIN, REFRESH, tenantRows } from '../customers/customer-api';
import { startSmtpCatcher, type SmtpCatcher } from '../notifications/smtp-catcher';
import { killLeftoverProcesses, startGatewayProcess, type PlatformProcess } from './platform-process';

/*
 * README says production refuses DEMO_DATA=true because the demo staff's password is published (every start banner
 * prints it, the source holds it). But production only refused to *seed*: a database holding the demo staff already
 * (the platform tried out with `pnpm start` on the server that then went live, a staging database promoted, a restore
 * of one) kept them, and the production gateway let anyone sign in as Norwalk's ADMIN with that password: every
 * resident's name, address and payments, refunds, voids, the staff list. And a development process seeding against a
 * database added the demo staff and households to any city whose slug was norwalk or norman, real or not.
 *
 * Now a production gateway takes away, as it starts, every demo sign-in the published password still opens (disabled,
 * password forgotten, sessions ended, written in the city's audit log): it starts, and the password opens nothing. The
 * demo seeding adds staff and households only to the cities it created itself.
 *
 * The first test runs on a database and roles of its own (the shared test roles keep their development passwords).
 */

const suffix = randomBytes(4).toString('hex');
const database = {
  DATABASE_NAME: `production_over_demo_${suffix}`,
  DATABASE_OWNER_ROLE: `production_over_demo_owner_${suffix}`,
  DATABASE_APP_ROLE: `production_over_demo_app_${suffix}`,
};

let platform: TestPlatform;
let smtp: SmtpCatcher;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({ seed: false });
});
afterAll(async () => {
  await killLeftoverProcesses();
  // This file's database and roles go with it.
  await withClient(platform.settings.adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${database.DATABASE_NAME} WITH (FORCE)`);
    for (const role of [database.DATABASE_OWNER_ROLE, database.DATABASE_APP_ROLE]) await client.query(`DROP ROLE IF EXISTS ${role}`);
  }).catch(() => undefined);
  await platform.close();
  await smtp.close();
});

async function stop(gateway: PlatformProcess): Promise<void> {
  gateway.child.kill('SIGTERM');
  await gateway.exited;
}

type LoginPayload = { login: { session: { refreshToken: string } | null; userErrors: { code: string }[] } };
type RefreshPayload = { refreshSession: { session: unknown; userErrors: { code: string }[] } };

/** Rows of this file's own database, read as the server's administrator (past row-level security). */
function productionRows<T>(sql: string): Promise<T[]> {
  const url = new URL(platform.settings.adminUrl);
  url.pathname = `/${database.DATABASE_NAME}`;
  return withClient(url.toString(), async (client) => (await client.query(sql)).rows as T[]);
}

it('a production gateway over a database seeded with the demo data starts with no sign-in the published demo password opens', async () => {
  const admin = DEMO_STAFF.find((user) => user.tenant === 'norwalk' && user.role === 'ADMIN')!;
  // Someone tried the platform out on the server first: `pnpm start` (development, demo data on by default), and signed in.
  const tryOut = await startGatewayProcess(platform, { ...database, DATABASE_OWNER_PASSWORD: undefined, DATABASE_APP_PASSWORD: undefined, DEMO_DATA: 'true', JOBS_ENABLED: 'false' });
  const tried = await new GraphQLTestClient(tryOut.url!).asTenant('norwalk').data<LoginPayload>(LOGIN, { input: { identifier: demoSignIn(admin), password: DEMO_STAFF_PASSWORD } });
  expect(tried.login.session).not.toBeNull();
  await stop(tryOut);

  // Then it goes live: every production setting set as README asks, DEMO_DATA not set.
  const production = await startGatewayProcess(platform, {
    ...database,
    NODE_ENV: 'production',
    DEMO_DATA: undefined,
    DATABASE_OWNER_PASSWORD: `owner-${randomBytes(12).toString('hex')}`,
    DATABASE_APP_PASSWORD: `app-${randomBytes(12).toString('hex')}`,
    PLATFORM_OPERATOR_KEY: `operator-${randomBytes(12).toString('hex')}`,
    AUTH_TOKEN_SECRET: randomBytes(32).toString('hex'),
    PROCESSOR_URL: platform.processorUrl,
    PROCESSOR_SECRET_KEY: TEST_PROCESSOR_SECRET_KEY,
    // Browsers reach the processor's card form over https in production; the gateway itself talks to the sandbox.
    PROCESSOR_HOSTED_FIELDS_URL: 'https://fields.processor.test',
    PROCESSOR_TOKENIZE_URL: 'https://fields.processor.test/tokenize',
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'https://pay.billing.test',
    JOBS_ENABLED: 'false',
  });
  try {
    for (const demo of DEMO_STAFF) {
      const client = new GraphQLTestClient(production.url!).asTenant(demo.tenant);
      const { login } = await client.data<LoginPayload>(LOGIN, { input: { identifier: demoSignIn(demo), password: DEMO_STAFF_PASSWORD } });
      expect({ who: demo.email, session: login.session, codes: login.userErrors.map((e) => e.code) }).toEqual({ who: demo.email, session: null, codes: ['INVALID_CREDENTIALS'] });
    }
    // The session opened while trying it out ended with them.
    const { refreshSession } = await new GraphQLTestClient(production.url!).asTenant('norwalk').data<RefreshPayload>(REFRESH, { token: tried.login.session!.refreshToken });
    expect(refreshSession.session).toBeNull();

    // Disabled, with no password left for an ADMIN giving their access back to give back; the city's audit log says why.
    const users = await productionRows<{ email: string; password_hash: string | null; disabled: boolean }>(
      `SELECT email, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE email IN (${DEMO_STAFF.map((demo) => `'${demo.email}'`).join(', ')}) ORDER BY email`,
    );
    expect(users).toEqual(DEMO_STAFF.map((demo) => ({ email: demo.email, password_hash: null, disabled: true })).sort((a, b) => a.email.localeCompare(b.email)));
    const events = await productionRows<{ actor: string; reason: string }>(`SELECT actor, detail->>'reason' AS reason FROM security_events WHERE kind = 'STAFF_DISABLED'`);
    expect(events).toEqual(DEMO_STAFF.map(() => ({ actor: 'production-start', reason: 'DEMO_PASSWORD_PUBLISHED' })));
    expect(production.output()).toContain('demo staff sign-in taken away');
  } finally {
    await stop(production);
  }
}, 120_000);

it('the demo seeding adds no staff or households to a city of a demo name that the operator created', async () => {
  // A real City of Norwalk, made by the platform operator, on a database a development process then seeds.
  const created = await platform.operator.data<{ createTenant: { userErrors: unknown[] } }>('mutation Create($input: CreateTenantInput!) { createTenant(input: $input) { userErrors { code } } }', {
    input: { slug: 'norwalk', name: 'City of Norwalk', timezone: 'America/Los_Angeles' },
  });
  expect(created.createTenant.userErrors).toEqual([]);
  const seeding = await startGatewayProcess(platform, { DEMO_DATA: 'true', JOBS_ENABLED: 'false' });
  await stop(seeding);

  const norwalkUsers = await tenantRows<{ email: string }>(platform, 'norwalk', 'SELECT email FROM users');
  const norwalkAccounts = await tenantRows<{ n: string }>(platform, 'norwalk', 'SELECT count(*) AS n FROM service_accounts');
  expect({ users: norwalkUsers, accounts: norwalkAccounts[0]!.n }).toEqual({ users: [], accounts: '0' });
  // Norman, which the seeding created, has its demo staff and households as before.
  const normanUsers = await tenantRows<{ email: string }>(platform, 'norman', 'SELECT email FROM users ORDER BY email');
  expect(normanUsers.map((user) => user.email)).toEqual(
    DEMO_STAFF.filter((demo) => demo.tenant === 'norman')
      .map((demo) => demo.email)
      .sort(),
  );
  const normanAccounts = await tenantRows<{ n: string }>(platform, 'norman', 'SELECT count(*) AS n FROM service_accounts');
  expect(Number(normanAccounts[0]!.n)).toBeGreaterThan(0);
}, 120_000);
