import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { GOOD_PASSWORD, RESET, bearer, latestToken, registerCustomer, tenantRows, type UserErrorShape } from './customer-api';

// Staff still invited (no password yet): User.invitationPending says so (the console's Staff page shows it), and an
// invited ADMIN does not count as one who can manage the city's staff, so the last ADMIN who can sign in is kept (LAST_ADMIN).

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const STAFF = '{ staffUsers { email invitationPending } }';
const CREATE = `mutation Staff($input: CreateStaffUserInput!) { createStaffUser(input: $input) { user { email invitationPending } userErrors { code } } }`;
type Staff = { staffUsers: { email: string; invitationPending: boolean }[] };

const pendingOf = async (client: GraphQLTestClient, email: string) => (await client.data<Staff>(STAFF)).staffUsers.find((user) => user.email === email)?.invitationPending;

it('is true from createStaffUser until the invitation sets a password, and false for staff who have one and for residents', async () => {
  const operator = platform.operator.asTenant('norwalk');
  const { createStaffUser } = await operator.data<{ createStaffUser: { user: { email: string; invitationPending: boolean }; userErrors: unknown[] } }>(CREATE, {
    input: { email: 'new.desk@norwalk.example', name: 'Dee Desk', role: 'SUPPORT' },
  });
  expect(createStaffUser).toEqual({ user: { email: 'new.desk@norwalk.example', invitationPending: true }, userErrors: [] });
  expect(await pendingOf(operator, 'new.desk@norwalk.example')).toBe(true);
  expect(await pendingOf(operator, 'admin@norwalk.example')).toBe(false);

  const token = await latestToken(platform, 'norwalk', 'new.desk@norwalk.example', 'STAFF_INVITATION');
  const { resetPassword } = await platform.client.asTenant('norwalk').data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  expect(resetPassword.userErrors).toEqual([]);
  expect(await pendingOf(operator, 'new.desk@norwalk.example')).toBe(false);

  const client = platform.client.asTenant('norwalk');
  const { session } = await registerCustomer(client, { email: 'resident.pending@norwalk.example' });
  const { viewer } = await bearer(client, session).data<{ viewer: { user: { invitationPending: boolean } } }>('{ viewer { user { invitationPending } } }');
  expect(viewer.user.invitationPending).toBe(false);
});

it('refuses to disable the last ADMIN who can sign in while another ADMIN is only invited, and lets the invited one go', async () => {
  const operator = platform.operator.asTenant('norman');
  const { createStaffUser } = await operator.data<{ createStaffUser: { user: { id: string }; userErrors: unknown[] } }>(
    `mutation Staff($input: CreateStaffUserInput!) { createStaffUser(input: $input) { user { id } userErrors { code } } }`,
    { input: { email: 'invited.boss@norman.example', username: 'invited_boss', name: 'Ivy Invited', role: 'ADMIN' } },
  );
  expect(createStaffUser.userErrors).toEqual([]);
  const [demoAdmin] = await tenantRows<{ id: string }>(platform, 'norman', `SELECT id FROM users WHERE username = 'norman_admin'`);
  const DISABLE = 'mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { user { disabledAt } userErrors { field code } } }';
  type Disabled = { disableStaffUser: { user: { disabledAt: string | null } | null; userErrors: { field: string[]; code: string }[] } };

  // The invitation may lapse unused: were it counted, the city could be left with no ADMIN able to sign in.
  expect((await operator.data<Disabled>(DISABLE, { userId: demoAdmin!.id })).disableStaffUser).toEqual({ user: null, userErrors: [{ field: ['userId'], code: 'LAST_ADMIN' }] });
  expect(await tenantRows(platform, 'norman', 'SELECT disabled_at FROM users WHERE id = $1', [demoAdmin!.id])).toEqual([{ disabled_at: null }]);
  const invited = (await operator.data<Disabled>(DISABLE, { userId: createStaffUser.user.id })).disableStaffUser;
  expect(invited).toEqual({ user: { disabledAt: expect.any(String) }, userErrors: [] });
});
