import { createOpaqueToken } from '@platform/auth';
import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { CREATE_STAFF, GOOD_PASSWORD, REQUEST_RESET, RESET, latestToken, outboxFor, signIn, tenantRows, type UserErrorShape } from './customer-api';

/*
 * A staff invitation lasts 72 hours, and only the city's ADMIN sends a new one (resendStaffInvitation). An invited
 * staff member who never set a password could get round that with "Forgot password": requestPasswordReset sent them a
 * reset link like anyone's, which set a password and let them in with the role the ADMIN had typed for an address
 * nobody proved (a typo, a mailbox reassigned), however long ago the invitation lapsed. Someone still invited is now
 * sent no reset link, answered exactly as an unknown address is; a reset link still open for one (sent before) is
 * INVALID_TOKEN. Their invitation link, and the ADMIN's new one, still let them in.
 */

const clock = new FixedClock(new Date('2026-11-23T15:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const norwalk = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
const operator = () => platform.operator.asTenant('norwalk');
type ActionPayload = { userErrors: UserErrorShape[] };
const HOURS = 60 * 60 * 1000;

const requestReset = async (identifier: string) => (await norwalk().data<{ requestPasswordReset: ActionPayload }>(REQUEST_RESET, { input: { identifier } })).requestPasswordReset;
const reset = async (token: string) => (await norwalk().data<{ resetPassword: ActionPayload }>(RESET, { input: { token, newPassword: GOOD_PASSWORD } })).resetPassword.userErrors.map((e) => e.code);

/** No two staff of a city share a name (STAFF_NAME_TAKEN): each invited ADMIN is numbered. */
let invited = 0;

async function invite(email: string): Promise<string> {
  invited += 1;
  const { createStaffUser } = await operator().data<{ createStaffUser: { user: { id: string } | null; userErrors: UserErrorShape[] } }>(CREATE_STAFF, {
    input: { email, name: `Ada Invited ${invited}`, role: 'ADMIN' },
  });
  expect(createStaffUser.userErrors).toEqual([]);
  return createStaffUser.user!.id;
}

it('sends an ADMIN whose invitation lapsed unaccepted no reset link, answering as for an unknown address; only a new invitation lets them in', async () => {
  const email = 'lapsed.admin@norwalk.example';
  const userId = await invite(email);
  const invitation = await latestToken(platform, 'norwalk', email, 'STAFF_INVITATION');
  clock.advance(73 * HOURS);
  expect(await reset(invitation)).toEqual(['INVALID_TOKEN']);

  expect(await requestReset(email)).toEqual(await requestReset('nobody.here@norwalk.example'));
  await platform.settleBackgroundWork();
  expect(await outboxFor(platform, 'norwalk', email, 'PASSWORD_RESET')).toEqual([]);
  expect(await tenantRows(platform, 'norwalk', `SELECT 1 FROM password_reset_tokens WHERE user_id = $1 AND purpose = 'PASSWORD_RESET'`, [userId])).toEqual([]);
  expect((await signIn(norwalk(), email)).userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);

  const RESEND = 'mutation Resend($userId: UUID!) { resendStaffInvitation(userId: $userId) { userErrors { code } } }';
  expect((await operator().data<{ resendStaffInvitation: ActionPayload }>(RESEND, { userId })).resendStaffInvitation.userErrors).toEqual([]);
  expect(await reset(await latestToken(platform, 'norwalk', email, 'STAFF_INVITATION'))).toEqual([]);
  expect((await signIn(norwalk(), email)).userErrors).toEqual([]);
});

it('refuses a reset link still open for someone still invited (INVALID_TOKEN), while their invitation sets the password', async () => {
  const email = 'still.invited@norwalk.example';
  const userId = await invite(email);
  // A reset link sent before such requests were refused.
  const leftOpen = createOpaqueToken();
  await tenantRows(
    platform,
    'norwalk',
    `INSERT INTO password_reset_tokens (tenant_id, token_hash, user_id, purpose, created_at, expires_at) VALUES (current_setting('app.tenant_id')::uuid, $1, $2, 'PASSWORD_RESET', $3, $4)`,
    [leftOpen.hash, userId, clock.now(), new Date(clock.now().getTime() + HOURS)],
  );

  expect(await reset(leftOpen.token)).toEqual(['INVALID_TOKEN']);
  expect(await tenantRows(platform, 'norwalk', 'SELECT password_hash IS NULL AS invited FROM users WHERE id = $1', [userId])).toEqual([{ invited: true }]);
  expect(await reset(await latestToken(platform, 'norwalk', email, 'STAFF_INVITATION'))).toEqual([]);
  expect((await signIn(norwalk(), email)).userErrors).toEqual([]);
});
