import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import {
  AUDIT_LOG,
  CREATE_STAFF,
  GOOD_PASSWORD,
  REQUEST_RESET,
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
import { withCursorKey } from '../billing/billing-api';

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

  it('the ADMIN takes a staff member’s access away: their session ends at once, they cannot sign in again, and the audit log says who did it', async () => {
    const DISABLE = `mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { user { id disabledAt } userErrors { field code message } } }`;
    type Disabled = { disableStaffUser: { user: { id: string; disabledAt: string | null } | null; userErrors: UserErrorShape[] } };
    const STAFF = '{ staffUsers { id email roles disabledAt } }';
    type Staff = { staffUsers: { id: string; email: string; roles: string[]; disabledAt: string | null }[] };
    const { createStaffUser } = await admin.data<StaffPayload>(CREATE_STAFF, { input: { email: 'leaver@lawrence.example', name: 'Lou Leaver', role: 'SUPPORT' } });
    const leaverId = createStaffUser.user!.id;
    const leaver = await acceptInvitation('lawrence', 'leaver@lawrence.example');
    expect((await leaver.data<{ viewer: { roles: string[] } }>(VIEWER)).viewer.roles).toEqual(['SUPPORT']);
    // SUPPORT staff neither list nor remove staff.
    expect((await leaver.request(STAFF)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await leaver.request(DISABLE, { userId: leaverId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await admin.data<Staff>(STAFF)).staffUsers.find((user) => user.id === leaverId)).toEqual({ id: leaverId, email: 'leaver@lawrence.example', roles: ['SUPPORT'], disabledAt: null });

    // A reset link asked for before the access is taken away no longer sets a password after.
    await platform.client.asTenant('lawrence').data(REQUEST_RESET, { input: { identifier: 'leaver@lawrence.example' } });
    const resetToken = await latestToken(platform, 'lawrence', 'leaver@lawrence.example', 'PASSWORD_RESET');

    const disabled = await admin.data<Disabled>(DISABLE, { userId: leaverId });
    expect(disabled.disableStaffUser).toEqual({ user: { id: leaverId, disabledAt: expect.any(String) }, userErrors: [] });
    // The session the leaver had open is refused from the next request on, and the right password no longer signs in.
    expect((await leaver.request(VIEWER)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await signIn(platform.client.asTenant('lawrence'), 'leaver@lawrence.example')).userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
    const reset = await platform.client.asTenant('lawrence').data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token: resetToken, newPassword: GOOD_PASSWORD } });
    expect(reset.resetPassword.userErrors.map((e) => e.code)).toEqual(['INVALID_TOKEN']);
    // Removing it again changes nothing; the list says since when.
    expect((await admin.data<Disabled>(DISABLE, { userId: leaverId })).disableStaffUser).toEqual(disabled.disableStaffUser);
    expect((await admin.data<Staff>(STAFF)).staffUsers.find((user) => user.id === leaverId)?.disabledAt).toBe(disabled.disableStaffUser.user!.disabledAt);

    const adminId = (await admin.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
    const { auditLog } = await admin.data<AuditPage>(AUDIT_LOG, { first: 10 });
    expect(auditLog.edges.filter((edge) => edge.node.kind === 'STAFF_DISABLED').map((edge) => [edge.node.userId, edge.node.actor])).toEqual([[leaverId, adminId]]);
    // The leaver's try with the right password after is a failed sign-in like any other, for the ADMIN to see.
    const tries = await tenantRows<{ detail: Record<string, string> }>(platform, 'lawrence', `SELECT detail FROM security_events WHERE kind = 'LOGIN_FAILED' AND user_id = $1`, [leaverId]);
    expect(tries.map((row) => row.detail)).toEqual([{ reason: 'ACCESS_REMOVED' }]);
  });

  it('keeps the city’s last ADMIN, and answers an id that is no staff user of the city', async () => {
    const DISABLE = `mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { user { id } userErrors { field code message } } }`;
    type Disabled = { disableStaffUser: { user: { id: string } | null; userErrors: UserErrorShape[] } };
    const adminId = (await admin.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
    for (const by of [admin, platform.operator.asTenant('lawrence')]) {
      expect((await by.data<Disabled>(DISABLE, { userId: adminId })).disableStaffUser).toEqual({
        user: null,
        userErrors: [{ field: ['userId'], code: 'LAST_ADMIN', message: 'This is the city’s last administrator: add another administrator, who must accept their invitation, first.' }],
      });
    }
    expect((await admin.data<{ viewer: { roles: string[] } }>(VIEWER)).viewer.roles).toEqual(['ADMIN']);
    const { session } = await registerCustomer(platform.client.asTenant('lawrence'), { email: 'resident@lawrence.example' });
    const customerId = (await bearer(platform.client.asTenant('lawrence'), session).data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
    const elsewhere = (await tenantRows<{ id: string }>(platform, 'norman', `SELECT id FROM users WHERE 'ADMIN' = ANY (roles) LIMIT 1`))[0]!.id;
    for (const userId of [customerId, elsewhere]) {
      expect((await admin.data<Disabled>(DISABLE, { userId })).disableStaffUser.userErrors.map((e) => e.code)).toEqual(['STAFF_USER_NOT_FOUND']);
    }
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
    // The invitation greets by the name: no link in it, whoever types it.
    const linked = await admin.data<StaffPayload>(CREATE_STAFF, { input: { email: 'linked@lawrence.example', name: 'Desk https://desk.example', role: 'SUPPORT' } });
    expect(linked.createStaffUser).toMatchObject({ user: null, userErrors: [{ field: ['input', 'name'], code: 'INVALID_NAME' }] });
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
    expect(kinds).toEqual(expect.arrayContaining(['STAFF_CREATED', 'STAFF_INVITATION_ACCEPTED', 'LOGIN_SUCCEEDED']));
    expect(new Set(all.map((edge) => edge.cursor)).size).toBe(all.length);
    const operatorCreated = all.at(-1)!.node;
    expect(operatorCreated).toMatchObject({ actor: 'platform-operator', detail: [{ key: 'role', value: 'ADMIN' }] });
    // Only this city's events (its ADMIN, desk and leaver): nothing about Norman's new ADMIN.
    expect(all.filter((edge) => edge.node.kind === 'STAFF_CREATED')).toHaveLength(3);
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
    const forged = withCursorKey(auditLog.edges[0]!.cursor, [auditLog.edges[0]!.node.occurredAt, "x' OR 1=1 --"]);
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
