import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { CREATE_STAFF, GOOD_PASSWORD, REFRESH, RESET, VIEWER, bearer, latestToken, registerCustomer, signIn, tenantRows, type SessionShape, type UserErrorShape } from './customer-api';
import { demoStaffClient } from './demo-staff';
import { holdRows, untilWaitingOnLocks, waitingOnLocks } from '../db/lock-waits';

// changeStaffRole and enableStaffUser: an ADMIN (or the operator) makes a staff member SUPPORT or ADMIN, which ends their
// sessions so none keeps the old role's powers, and gives a disabled one their access back; both are in the audit log.

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const CHANGE_ROLE = `mutation ChangeRole($input: ChangeStaffRoleInput!) {
  changeStaffRole(input: $input) { user { id roles disabledAt invitationPending } userErrors { field code message } }
}`;
const ENABLE = `mutation Enable($userId: UUID!) { enableStaffUser(userId: $userId) { user { id roles disabledAt invitationPending } userErrors { field code message } } }`;
const DISABLE = 'mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { userErrors { code } } }';
const RESEND = 'mutation Resend($userId: UUID!) { resendStaffInvitation(userId: $userId) { userErrors { code } } }';
const STAFF = '{ staffUsers { id } }';

type StaffUserShape = { id: string; roles: string[]; disabledAt: string | null; invitationPending: boolean };
type Payload = { user: StaffUserShape | null; userErrors: UserErrorShape[] };
type StaffRoleEvent = { actor: string; detail: Record<string, string> };

const changeRole = async (by: GraphQLTestClient, userId: string, role: string): Promise<Payload> =>
  (await by.data<{ changeStaffRole: Payload }>(CHANGE_ROLE, { input: { userId, role } })).changeStaffRole;
const enable = async (by: GraphQLTestClient, userId: string): Promise<Payload> => (await by.data<{ enableStaffUser: Payload }>(ENABLE, { userId })).enableStaffUser;

async function signedIn(slug: string, identifier: string, password = GOOD_PASSWORD): Promise<{ client: GraphQLTestClient; session: SessionShape }> {
  const login = await signIn(platform.client.asTenant(slug), identifier, password);
  if (!login.session) throw new Error(`${identifier} could not sign in: ${JSON.stringify(login.userErrors)}`);
  return { client: bearer(platform.client.asTenant(slug), login.session), session: login.session };
}

/** Adds a staff member (invited, no password yet); their id. */
async function addStaff(by: GraphQLTestClient, input: { email: string; name: string; role: 'SUPPORT' | 'ADMIN'; username?: string }): Promise<string> {
  const { createStaffUser } = await by.data<{ createStaffUser: { user: { id: string } | null; userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input });
  expect(createStaffUser.userErrors).toEqual([]);
  return createStaffUser.user!.id;
}

async function accept(slug: string, email: string): Promise<void> {
  const token = await latestToken(platform, slug, email, 'STAFF_INVITATION');
  const { resetPassword } = await platform.client.asTenant(slug).data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  expect(resetPassword.userErrors).toEqual([]);
}

const idOf = async (client: GraphQLTestClient): Promise<string> => (await client.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
const rolesOf = async (client: GraphQLTestClient): Promise<string[]> => (await client.data<{ viewer: { roles: string[] } }>(VIEWER)).viewer.roles;
const roleEvents = (slug: string, userId: string) =>
  tenantRows<StaffRoleEvent>(platform, slug, `SELECT actor, detail FROM security_events WHERE kind = 'STAFF_ROLE_CHANGED' AND user_id = $1 ORDER BY occurred_at, id`, [userId]);

/** Locks a user's row of the city in a transaction of the test's own until the returned function lets it go (and waits for that). */
const holdUserRow = (slug: string, userId: string) => holdRows(platform.db, slug, 'SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId]);

/**
 * Runs the calls while the test holds the user's row locked, and lets them go together once each either waits on a
 * lock or has answered (one that did not wait for the row has read what it read): they overlap however fast each is.
 */
async function atOnce<T>(calls: (() => Promise<T>)[], lockedUserId: string): Promise<T[]> {
  const letGo = await holdUserRow('norman', lockedUserId);
  let answered = 0;
  const answers = Promise.all(calls.map((call) => call().finally(() => (answered += 1))));
  for (let waited = 0; waited < 10_000 && (await waitingOnLocks(platform.db, '%FOR UPDATE%')) + answered < calls.length; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await letGo();
  return answers;
}

it('makes SUPPORT staff ADMIN and back: each time their open sessions end, and signed in again they hold the new role only', async () => {
  const admin = await demoStaffClient(platform, 'norwalk', 'ADMIN');
  const adminId = await idOf(admin);
  const email = 'rita.role@norwalk.example';
  const ritaId = await addStaff(admin, { email, name: 'Rita Role', role: 'SUPPORT' });
  await accept('norwalk', email);
  const asSupport = await signedIn('norwalk', email);
  expect((await asSupport.client.request(STAFF)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

  expect(await changeRole(admin, ritaId, 'ADMIN')).toEqual({ user: { id: ritaId, roles: ['ADMIN'], disabledAt: null, invitationPending: false }, userErrors: [] });
  // The session signed in as SUPPORT ends (its token says SUPPORT); signed in again, Rita manages staff.
  expect((await asSupport.client.request(VIEWER)).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
  const asAdmin = await signedIn('norwalk', email);
  expect(await rolesOf(asAdmin.client)).toEqual(['ADMIN']);
  expect((await asAdmin.client.data<{ staffUsers: { id: string }[] }>(STAFF)).staffUsers.map((user) => user.id)).toContain(ritaId);

  // Demoted: the ADMIN session's very next request is refused, and its refresh token gets no new access token.
  expect((await changeRole(admin, ritaId, 'SUPPORT')).user?.roles).toEqual(['SUPPORT']);
  const next = await asAdmin.client.request(STAFF);
  expect(next.data ?? null).toBeNull();
  expect(next.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
  const refreshed = await platform.client.asTenant('norwalk').data<{ refreshSession: { session: unknown; userErrors: UserErrorShape[] } }>(REFRESH, { token: asAdmin.session.refreshToken });
  expect(refreshed.refreshSession.userErrors.map((error) => error.code)).toEqual(['INVALID_TOKEN']);
  const demoted = await signedIn('norwalk', email);
  expect(await rolesOf(demoted.client)).toEqual(['SUPPORT']);
  expect((await demoted.client.request(STAFF)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  // The ADMIN who changed the role keeps their own session.
  expect(await rolesOf(admin)).toEqual(['ADMIN']);

  // The role they hold already: nothing changes, their session stays open, nothing is logged.
  expect(await changeRole(admin, ritaId, 'SUPPORT')).toEqual({ user: { id: ritaId, roles: ['SUPPORT'], disabledAt: null, invitationPending: false }, userErrors: [] });
  expect(await rolesOf(demoted.client)).toEqual(['SUPPORT']);

  // The audit log says who changed what to what, and nothing else.
  expect(await roleEvents('norwalk', ritaId)).toEqual([
    { actor: adminId, detail: { from: 'SUPPORT', to: 'ADMIN' } },
    { actor: adminId, detail: { from: 'ADMIN', to: 'SUPPORT' } },
  ]);
  const { auditLog } = await admin.data<{ auditLog: { edges: { node: { kind: string; label: string; userId: string; detail: { key: string; value: string }[] } }[] } }>(
    '{ auditLog(first: 20) { edges { node { kind label userId detail { key value } } } } }',
  );
  const latest = auditLog.edges.map((edge) => edge.node).find((event) => event.kind === 'STAFF_ROLE_CHANGED')!;
  expect({ ...latest, detail: Object.fromEntries(latest.detail.map(({ key, value }) => [key, value])) }).toEqual({
    kind: 'STAFF_ROLE_CHANGED',
    label: 'Staff role changed',
    userId: ritaId,
    detail: { from: 'ADMIN', to: 'SUPPORT' },
  });
});

it('keeps the city’s last ADMIN who can sign in, also when two demotions race; an invited ADMIN does not count', async () => {
  const operator = platform.operator.asTenant('norman');
  const arthur = await demoStaffClient(platform, 'norman', 'ADMIN');
  const arthurId = await idOf(arthur);
  const lastAdmin = {
    user: null,
    userErrors: [{ field: ['input', 'role'], code: 'LAST_ADMIN', message: 'This is the city’s last administrator: add another administrator, who must accept their invitation, first.' }],
  };
  for (const by of [arthur, operator]) expect(await changeRole(by, arthurId, 'SUPPORT')).toEqual(lastAdmin);

  const email = 'ines.invited@norman.example';
  const inesId = await addStaff(operator, { email, username: 'ines_invited', name: 'Ines Invited', role: 'ADMIN' });
  expect(await changeRole(operator, arthurId, 'SUPPORT')).toEqual(lastAdmin);
  expect(await rolesOf(arthur)).toEqual(['ADMIN']);

  // Once Ines can sign in, one of the two may lose ADMIN, but not both: demoting both at once, one is refused.
  await accept('norman', email);
  const answers = await atOnce(
    [arthurId, inesId].map((userId) => () => changeRole(operator, userId, 'SUPPORT')),
    arthurId,
  );
  expect(answers.map((answer) => answer.userErrors.map((error) => error.code)).sort()).toEqual([[], ['LAST_ADMIN']]);
  expect(await tenantRows(platform, 'norman', `SELECT count(*)::int AS n FROM users WHERE 'ADMIN' = ANY (roles) AND disabled_at IS NULL`)).toEqual([{ n: 1 }]);
  const demotedId = answers.find((answer) => answer.user)!.user!.id;
  expect((await roleEvents('norman', demotedId)).map((event) => [event.actor, event.detail])).toEqual([['platform-operator', { from: 'ADMIN', to: 'SUPPORT' }]]);
});

it('refuses an unknown user, a disabled one and a role that is no staff role, and only the city’s ADMIN or the operator may ask', async () => {
  const admin = await demoStaffClient(platform, 'norwalk', 'ADMIN');
  const goneId = await addStaff(admin, { email: 'gus.gone@norwalk.example', name: 'Gus Gone', role: 'SUPPORT' });
  expect((await admin.data<{ disableStaffUser: { userErrors: unknown[] } }>(DISABLE, { userId: goneId })).disableStaffUser.userErrors).toEqual([]);
  const eventsBefore = await tenantRows(platform, 'norwalk', `SELECT count(*)::int AS n FROM security_events WHERE kind = 'STAFF_ROLE_CHANGED'`);

  for (const by of [admin, platform.operator.asTenant('norwalk')]) {
    expect(await changeRole(by, goneId, 'ADMIN')).toEqual({
      user: null,
      userErrors: [{ field: ['input', 'userId'], code: 'STAFF_USER_DISABLED', message: 'This staff user’s access was taken away.' }],
    });
  }
  const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'resident.roles@norwalk.example' });
  const residentClient = bearer(platform.client.asTenant('norwalk'), session);
  const residentId = await idOf(residentClient);
  const normanStaff = await addStaff(platform.operator.asTenant('norman'), { email: 'far.role@norman.example', username: 'far_role', name: 'Far Role', role: 'SUPPORT' });
  for (const userId of [residentId, normanStaff, '00000000-0000-4000-8000-000000000000']) {
    expect(await changeRole(admin, userId, 'ADMIN')).toEqual({
      user: null,
      userErrors: [{ field: ['input', 'userId'], code: 'STAFF_USER_NOT_FOUND', message: 'No staff user of this city by that id.' }],
    });
  }
  expect(await rolesOf(residentClient)).toEqual(['CUSTOMER']);

  // A resident's role, or no role at all, is no staff role: refused before anything is looked at.
  const sofiaId = (await tenantRows<{ id: string }>(platform, 'norwalk', 'SELECT id FROM users WHERE email = $1', ['support@norwalk.example']))[0]!.id;
  for (const role of ['CUSTOMER', 'PLATFORM_OPERATOR']) {
    const answer = await admin.request(CHANGE_ROLE, { input: { userId: sofiaId, role } });
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  }
  expect(await tenantRows(platform, 'norwalk', 'SELECT roles FROM users WHERE id = $1', [sofiaId])).toEqual([{ roles: ['SUPPORT'] }]);

  // SUPPORT and residents may not ask; another city's ADMIN is refused at Norwalk.
  const support = await demoStaffClient(platform, 'norwalk', 'SUPPORT');
  for (const by of [support, residentClient]) {
    expect((await by.request(CHANGE_ROLE, { input: { userId: sofiaId, role: 'ADMIN' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await by.request(ENABLE, { userId: goneId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }
  const crossed = await (await demoStaffClient(platform, 'norman', 'ADMIN')).asTenant('norwalk').request(CHANGE_ROLE, { input: { userId: sofiaId, role: 'ADMIN' } });
  expect(crossed.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'WRONG_TENANT' });
  expect(await rolesOf(support)).toEqual(['SUPPORT']);
  expect(await tenantRows(platform, 'norwalk', `SELECT count(*)::int AS n FROM security_events WHERE kind = 'STAFF_ROLE_CHANGED'`)).toEqual(eventsBefore);
});

it('gives a disabled staff member their access back: with their password and role, or still invited if they never accepted', async () => {
  const admin = await demoStaffClient(platform, 'norwalk', 'ADMIN');
  const adminId = await idOf(admin);
  const eliEmail = 'eli.enabled@norwalk.example';
  const eliId = await addStaff(admin, { email: eliEmail, name: 'Eli Enabled', role: 'SUPPORT' });
  await accept('norwalk', eliEmail);
  const ivyEmail = 'ivy.invited@norwalk.example';
  const ivyId = await addStaff(admin, { email: ivyEmail, name: 'Ivy Invited', role: 'ADMIN' });
  const ivyFirstLink = await latestToken(platform, 'norwalk', ivyEmail, 'STAFF_INVITATION');
  for (const userId of [eliId, ivyId]) expect((await admin.data<{ disableStaffUser: { userErrors: unknown[] } }>(DISABLE, { userId })).disableStaffUser.userErrors).toEqual([]);
  expect((await signIn(platform.client.asTenant('norwalk'), eliEmail)).userErrors.map((error) => error.code)).toEqual(['INVALID_CREDENTIALS']);
  // Disabled, a role cannot change; and their email stays taken, so they cannot be added again.
  expect((await changeRole(admin, eliId, 'ADMIN')).userErrors.map((error) => error.code)).toEqual(['STAFF_USER_DISABLED']);
  const again = await admin.data<{ createStaffUser: { userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email: eliEmail, name: 'Eli Again', role: 'SUPPORT' } });
  expect(again.createStaffUser.userErrors.map((error) => error.code)).toEqual(['EMAIL_TAKEN']);

  expect(await enable(admin, eliId)).toEqual({ user: { id: eliId, roles: ['SUPPORT'], disabledAt: null, invitationPending: false }, userErrors: [] });
  const eli = await signedIn('norwalk', eliEmail);
  expect(await rolesOf(eli.client)).toEqual(['SUPPORT']);
  // Enabled, the role can change again.
  expect((await changeRole(admin, eliId, 'ADMIN')).userErrors).toEqual([]);

  // Ivy never accepted: back, she is still invited, and her link from before stays dead; a new invitation lets her in as ADMIN.
  expect(await enable(platform.operator.asTenant('norwalk'), ivyId)).toEqual({ user: { id: ivyId, roles: ['ADMIN'], disabledAt: null, invitationPending: true }, userErrors: [] });
  const stale = await platform.client.asTenant('norwalk').data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token: ivyFirstLink, newPassword: GOOD_PASSWORD } });
  expect(stale.resetPassword.userErrors.map((error) => error.code)).toEqual(['INVALID_TOKEN']);
  expect((await admin.data<{ resendStaffInvitation: { userErrors: unknown[] } }>(RESEND, { userId: ivyId })).resendStaffInvitation.userErrors).toEqual([]);
  await accept('norwalk', ivyEmail);
  expect(await rolesOf((await signedIn('norwalk', ivyEmail)).client)).toEqual(['ADMIN']);

  // Enabling someone active changes nothing and is not logged; ids that are no staff of the city are refused.
  expect(await enable(admin, eliId)).toEqual({ user: { id: eliId, roles: ['ADMIN'], disabledAt: null, invitationPending: false }, userErrors: [] });
  const normanStaff = (await tenantRows<{ id: string }>(platform, 'norman', `SELECT id FROM users WHERE username = 'norman_support'`))[0]!.id;
  for (const userId of [normanStaff, '00000000-0000-4000-8000-000000000000']) {
    expect(await enable(admin, userId)).toEqual({ user: null, userErrors: [{ field: ['userId'], code: 'STAFF_USER_NOT_FOUND', message: 'No staff user of this city by that id.' }] });
  }

  const events = await tenantRows<{ user_id: string; actor: string; detail: Record<string, string> }>(
    platform,
    'norwalk',
    `SELECT user_id, actor, detail FROM security_events WHERE kind = 'STAFF_ENABLED' ORDER BY occurred_at, id`,
  );
  expect(events).toEqual([
    { user_id: eliId, actor: adminId, detail: { roles: 'SUPPORT' } },
    { user_id: ivyId, actor: 'platform-operator', detail: { roles: 'ADMIN' } },
  ]);
  const { auditLog } = await admin.data<{ auditLog: { edges: { node: { kind: string; label: string } }[] } }>('{ auditLog(first: 30) { edges { node { kind label } } } }');
  expect(auditLog.edges.map((edge) => edge.node)).toContainEqual({ kind: 'STAFF_ENABLED', label: 'Staff access given back' });
});

const untilWaiting = (pattern: string) => untilWaitingOnLocks(platform.db, pattern);

it('starts a sign-in with the role a change committed after its look-up gave, not the one it looked up', async () => {
  const admin = await demoStaffClient(platform, 'norwalk', 'ADMIN');
  const email = 'sam.signin@norwalk.example';
  const samId = await addStaff(admin, { email, name: 'Sam Signin', role: 'ADMIN' });
  await accept('norwalk', email);
  // The test holds Sam's row: the demotion waits on it first, then the sign-in, which has looked Sam up (an ADMIN) and
  // checked the password, waits behind the demotion. Let go, the demotion commits before the sign-in takes its lock.
  const letGo = await holdUserRow('norwalk', samId);
  const demotion = changeRole(admin, samId, 'SUPPORT');
  await untilWaiting('%FOR UPDATE%');
  const signingIn = signIn(platform.client.asTenant('norwalk'), email, GOOD_PASSWORD);
  await untilWaiting('%FOR SHARE%');
  await letGo();
  expect((await demotion).userErrors).toEqual([]);
  const login = await signingIn;
  expect(login.session).toBeTruthy();

  const sam = bearer(platform.client.asTenant('norwalk'), login.session!);
  expect(await rolesOf(sam)).toEqual(['SUPPORT']);
  expect((await sam.request(STAFF)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});
