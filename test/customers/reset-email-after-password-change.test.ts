import { signInStaff } from '../billing/billing-api';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { CHANGE_PASSWORD, CREATE_STAFF, GOOD_PASSWORD, REQUEST_RESET, RESET, bearer, latestToken, registerCustomer, signIn, tenantRows, type UserErrorShape } from './customer-api';

/*
 * A password-setting link ends once the password is set or changed, or the
 * person's access is taken away, or a new invitation is sent (forgetPasswordTokens). Its email, still
 * waiting to go out (the relay is slow: nothing is delivered until a test
 * says so), is withdrawn with it, as an email change withdraws it: nobody is
 * told "choose a new password, the link works once, until ..." with a link
 * that no longer works.
 */

const mail = platformWithMailCatcher({ trustProxy: true });
let nextAddress = 1;
const norwalk = () => mail.platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `203.0.113.${nextAddress++}` });
type ActionPayload = { userErrors: UserErrorShape[] };
const requestReset = async (identifier: string) => (await norwalk().data<{ requestPasswordReset: ActionPayload }>(REQUEST_RESET, { input: { identifier } })).requestPasswordReset;
const reset = async (token: string, newPassword: string) => (await norwalk().data<{ resetPassword: ActionPayload }>(RESET, { input: { token, newPassword } })).resetPassword;

it('a reset email still waiting when the resident changes the password is not sent: only "password changed" arrives', async () => {
  const email = 'remembered-it@example.com';
  await registerCustomer(norwalk(), { email });
  // Forgot the password; then remembered it, signed in and changed it before the reset email went out.
  expect(await requestReset(email)).toEqual({ userErrors: [] });
  const waiting = await latestToken(mail.platform, 'norwalk', email, 'PASSWORD_RESET');
  const { session } = await signIn(norwalk(), email);
  const changed = await bearer(norwalk(), session!).data<{ changePassword: ActionPayload }>(CHANGE_PASSWORD, {
    input: { currentPassword: GOOD_PASSWORD, newPassword: 'another horse battery staple' },
  });
  expect(changed.changePassword.userErrors).toEqual([]);

  // The link it carries no longer works, and the outbox no longer keeps it...
  expect((await reset(waiting, 'a third horse battery staple')).userErrors.map((e) => e.code)).toEqual(['INVALID_TOKEN']);
  expect(await tenantRows(mail.platform, 'norwalk', `SELECT status, data ? 'token' AS "tokenKept" FROM notification_outbox WHERE recipient = $1 AND template = 'PASSWORD_RESET'`, [email])).toEqual([
    { status: 'SUPPRESSED', tokenKept: false },
  ]);
  // ...so the resident is told the password was changed, and is not sent it.
  expect((await mail.deliveredTo(email)).map((m) => m.subject)).toEqual(['Your City of Norwalk password was changed']);
});

it('a second reset email still waiting when the resident sets the password with the first link is not sent', async () => {
  const email = 'asked-twice@example.com';
  await registerCustomer(norwalk(), { email });
  expect(await requestReset(email)).toEqual({ userErrors: [] });
  const [first] = await mail.deliveredTo(email);
  const link = new URL(/https:\/\/\S+\/reset-password\?\S+/.exec(first!.text)![0]);
  // Asked again (the first seemed lost), then found the first and used it while the second waits.
  expect(await requestReset(email)).toEqual({ userErrors: [] });
  expect(await reset(link.searchParams.get('token')!, 'found the first link at last')).toEqual({ userErrors: [] });

  expect((await mail.deliveredTo(email)).map((m) => m.subject)).toEqual(['Your City of Norwalk password was changed']);
});

/** Invites a new staff member as a city's admin, their invitation still waiting to go out; then `act` on them as that admin. */
async function invitedStaffMember(email: string, name: string, act: string, field: string): Promise<ActionPayload> {
  const admin = await signInStaff(mail.platform, 'norwalk', 'ADMIN');
  const { createStaffUser } = await admin.data<{ createStaffUser: { user: { id: string } | null } & ActionPayload }>(CREATE_STAFF, { input: { email, name, role: 'SUPPORT' } });
  expect(createStaffUser.userErrors).toEqual([]);
  const acted = await admin.data<Record<string, ActionPayload>>(act, { userId: createStaffUser.user!.id });
  return acted[field]!;
}

it('the invitation of a staff member whose access is taken away before it went out is not sent', async () => {
  const email = 'wren.waiting@norwalk.example';
  const disable = 'mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { userErrors { field code message } } }';
  expect(await invitedStaffMember(email, 'Wren Waiting', disable, 'disableStaffUser')).toEqual({ userErrors: [] });

  expect(await mail.deliveredTo(email)).toEqual([]);
});

it('an invitation still waiting when staff send a new one is not sent: only the newest, whose link works, arrives', async () => {
  const email = 'ravi.resent@norwalk.example';
  const resend = 'mutation Resend($userId: UUID!) { resendStaffInvitation(userId: $userId) { userErrors { field code message } } }';
  expect(await invitedStaffMember(email, 'Ravi Resent', resend, 'resendStaffInvitation')).toEqual({ userErrors: [] });

  const delivered = await mail.deliveredTo(email);
  expect(delivered.map((m) => m.subject)).toEqual(['You are invited to the City of Norwalk staff console']);
  const link = new URL(/https:\/\/\S+\/console\/accept-invitation\?\S+/.exec(delivered[0]!.text)![0]);
  expect(await reset(link.searchParams.get('token')!, GOOD_PASSWORD)).toEqual({ userErrors: [] });
});
