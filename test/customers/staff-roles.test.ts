import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import {
  AUDIT_LOG,
  CREATE_STAFF,
  GOOD_PASSWORD,
  RESET,
  VIEWER,
  bearer,
  countRows,
  latestToken,
  outboxFor,
  registerCustomer,
  signIn,
  tenantRows,
  type UserErrorShape,
  type UserShape,
} from './customer-api';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

type StaffPayload = { createStaffUser: { user: UserShape | null; userErrors: UserErrorShape[] } };
type AuditPage = {
  auditLog: {
    edges: { cursor: string; node: { kind: string; occurredAt: string; actor: string; userId: string | null; clientIp: string; detail: { key: string; value: string }[] } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

/** Accepts a staff invitation (sets the password) and signs the new staff user in. */
async function acceptInvitation(slug: string, email: string, identifier = email): Promise<GraphQLTestClient> {
  const token = await latestToken(platform, slug, email, 'STAFF_INVITATION');
  const accepted = await platform.client.asTenant(slug).data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  expect(accepted.resetPassword.userErrors).toEqual([]);
  const login = await signIn(platform.client.asTenant(slug), identifier);
  if (!login.session) throw new Error(`staff sign-in failed: ${JSON.stringify(login.userErrors)}`);
  return bearer(platform.client.asTenant(slug), login.session);
}

describe('staff of a city added by the operator, run with no database access', () => {
  let admin: GraphQLTestClient;

  it('the operator creates a new city and its first ADMIN, who accepts the invitation', async () => {
    const created = await platform.operator.data<{ createTenant: { userErrors: unknown[] } }>(
      `mutation { createTenant(input: { slug: "lawrence", name: "City of Lawrence", timezone: "America/Chicago" }) { userErrors { code } } }`,
    );
    expect(created.createTenant.userErrors).toEqual([]);

    const { createStaffUser } = await platform.operator.asTenant('lawrence').data<StaffPayload>(CREATE_STAFF, {
      input: { email: 'clerk@lawrence.example', name: 'Lee Clerk', role: 'ADMIN' },
    });
    expect(createStaffUser).toMatchObject({ userErrors: [], user: { email: 'clerk@lawrence.example', roles: ['ADMIN'] } });
    const [invitation] = await outboxFor(platform, 'lawrence', 'clerk@lawrence.example', 'STAFF_INVITATION');
    expect(invitation?.data.token).toEqual(expect.any(String));

    // With no password yet, nobody can sign in as the new ADMIN.
    expect((await signIn(platform.client.asTenant('lawrence'), 'clerk@lawrence.example', '')).userErrors[0]?.code).toBe('INVALID_CREDENTIALS');

    admin = await acceptInvitation('lawrence', 'clerk@lawrence.example');
    expect((await admin.data<{ viewer: { roles: string[] } }>(VIEWER)).viewer.roles).toEqual(['ADMIN']);
  });

  it('the ADMIN adds SUPPORT staff, who cannot add staff themselves', async () => {
    const { createStaffUser } = await admin.data<StaffPayload>(CREATE_STAFF, { input: { email: 'desk@lawrence.example', name: 'Dee Desk', role: 'SUPPORT' } });
    expect(createStaffUser.user?.roles).toEqual(['SUPPORT']);
    const support = await acceptInvitation('lawrence', 'desk@lawrence.example');

    const before = await countRows(platform, 'lawrence', 'users');
    const refused = await support.request(CREATE_STAFF, { input: { email: 'sneaky@lawrence.example', name: 'Sneaky', role: 'ADMIN' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await countRows(platform, 'lawrence', 'users')).toBe(before);
    expect((await support.request(AUDIT_LOG, { first: 5 })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("an ADMIN's token does not reach another city", async () => {
    const elsewhere = await admin.asTenant('norwalk').request(CREATE_STAFF, { input: { email: 'spy@norwalk.example', name: 'Spy', role: 'ADMIN' } });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'WRONG_TENANT' });
    expect(await tenantRows(platform, 'norwalk', `SELECT 1 FROM users WHERE email = 'spy@norwalk.example'`)).toEqual([]);
  });

  it('checks staff input: a duplicate email, a missing name, and Norman needs a username', async () => {
    const dup = await admin.data<StaffPayload>(CREATE_STAFF, { input: { email: 'DESK@lawrence.example', name: 'Again', role: 'SUPPORT' } });
    expect(dup.createStaffUser.userErrors[0]?.code).toBe('EMAIL_TAKEN');
    const blank = await admin.data<StaffPayload>(CREATE_STAFF, { input: { email: 'blank@lawrence.example', name: ' ', role: 'SUPPORT' } });
    expect(blank.createStaffUser.userErrors[0]).toMatchObject({ field: ['input', 'name'], code: 'REQUIRED' });
    const norman = await platform.operator.asTenant('norman').data<StaffPayload>(CREATE_STAFF, { input: { email: 'boss@norman.example', name: 'Boss', role: 'ADMIN' } });
    expect(norman.createStaffUser.userErrors[0]).toMatchObject({ field: ['input', 'username'], code: 'REQUIRED' });
    const withUsername = await platform.operator.asTenant('norman').data<StaffPayload>(CREATE_STAFF, {
      input: { email: 'boss@norman.example', username: 'utility_boss', name: 'Boss', role: 'ADMIN' },
    });
    expect(withUsername.createStaffUser.user?.username).toBe('utility_boss');
    const normanAdmin = await acceptInvitation('norman', 'boss@norman.example', 'utility_boss');
    expect((await normanAdmin.data<{ viewer: { roles: string[] } }>(VIEWER)).viewer.roles).toEqual(['ADMIN']);
  });

  it('the ADMIN reads the audit log, newest first, a page at a time', async () => {
    const first = await admin.data<AuditPage>(AUDIT_LOG, { first: 3 });
    expect(first.auditLog.edges).toHaveLength(3);
    expect(first.auditLog.pageInfo.hasNextPage).toBe(true);
    const all = [...first.auditLog.edges];
    let after = first.auditLog.pageInfo.endCursor;
    while (after) {
      const page = await admin.data<AuditPage>(AUDIT_LOG, { first: 3, after });
      all.push(...page.auditLog.edges);
      after = page.auditLog.pageInfo.hasNextPage ? page.auditLog.pageInfo.endCursor : null;
    }
    const kinds = all.map((edge) => edge.node.kind);
    expect(kinds.at(-1)).toBe('STAFF_CREATED');
    expect(kinds).toEqual(expect.arrayContaining(['STAFF_CREATED', 'PASSWORD_RESET', 'LOGIN_SUCCEEDED']));
    expect(new Set(all.map((edge) => edge.cursor)).size).toBe(all.length);
    const operatorCreated = all.at(-1)!.node;
    expect(operatorCreated).toMatchObject({ actor: 'platform-operator', detail: [{ key: 'role', value: 'ADMIN' }] });
    // Only this city's events: nothing about Norman's new ADMIN.
    expect(all.filter((edge) => edge.node.kind === 'STAFF_CREATED')).toHaveLength(2);
  });

  it('labels each event and names the user who acted', async () => {
    const LABELLED = `{ auditLog(first: 50) { edges { node { kind label actor actorName } } } }`;
    type Labelled = { auditLog: { edges: { node: { kind: string; label: string; actor: string; actorName: string | null } }[] } };
    const english = (await admin.data<Labelled>(LABELLED)).auditLog.edges.map((edge) => edge.node);
    const signIn = english.find((event) => event.kind === 'LOGIN_SUCCEEDED' && event.actorName === 'Lee Clerk');
    expect(signIn?.label).toBe('Signed in');
    expect(english.find((event) => event.kind === 'STAFF_CREATED' && event.actor === 'platform-operator')).toMatchObject({ label: 'Staff user added', actorName: null });
  });

  it('refuses an audit-log cursor it did not give out, rather than serving the first page', async () => {
    const { auditLog } = await admin.data<AuditPage>(AUDIT_LOG, { first: 1 });
    const forged = Buffer.from(JSON.stringify([auditLog.edges[0]!.node.occurredAt, "x' OR 1=1 --"])).toString('base64url');
    for (const after of ['not-a-cursor', forged]) {
      const answer = await admin.request<AuditPage>(AUDIT_LOG, { first: 3, after });
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    }
  });

  it('keeps the audit log append-only, even for the application role', async () => {
    const [tenant] = await platform.db.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug = 'lawrence'`);
    for (const statement of ['UPDATE security_events SET kind = kind', 'DELETE FROM security_events']) {
      await expect(
        platform.db.transaction(async (manager) => {
          await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant!.id]);
          await manager.query(statement);
        }),
      ).rejects.toThrow();
    }
  });
});

describe('customers and guests', () => {
  it('a CUSTOMER cannot call staff operations', async () => {
    const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'curious@example.com' });
    const me = bearer(platform.client.asTenant('norwalk'), session);
    expect((await me.request(CREATE_STAFF, { input: { email: 'x@example.com', name: 'X', role: 'ADMIN' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await me.request(AUDIT_LOG, { first: 5 })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Nor can the operator's own mutations be reached with a customer session.
    const tenantMutation = await me.request(`mutation { updateTenant(slug: "norwalk", input: { name: "Hacked" }) { userErrors { code } } }`);
    expect(tenantMutation.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a guest is asked to sign in', async () => {
    const guest = await platform.client.asTenant('norwalk').request(AUDIT_LOG, { first: 5 });
    expect(guest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
