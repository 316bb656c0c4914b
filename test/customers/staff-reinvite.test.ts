import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { CREATE_STAFF, GOOD_PASSWORD, RESET, bearer, latestToken, outboxFor, registerCustomer, signIn, tenantRows, type UserErrorShape } from './customer-api';
import { demoStaffClient } from './demo-staff';
import { platformWithMailCatcher } from '../notifications/notification-api';

// resendStaffInvitation: a staff member whose invitation lapsed or was lost (never set a password) is emailed a new one,
// which replaces every earlier link; refused for someone not of the city's staff, already accepted, or disabled.

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithMailCatcher((smtp) => ({ clock, notifications: { smtpUrl: smtp.url } }));

const RESEND = `mutation Resend($userId: UUID!) { resendStaffInvitation(userId: $userId) { user { id email invitationPending } userErrors { field code message } } }`;
type Resent = { resendStaffInvitation: { user: { id: string; email: string; invitationPending: boolean } | null; userErrors: UserErrorShape[] } };
const DISABLE = 'mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { userErrors { code } } }';
const HOURS = 60 * 60 * 1000;

async function addStaff(by: GraphQLTestClient, email: string, name: string): Promise<string> {
  const { createStaffUser } = await by.data<{ createStaffUser: { user: { id: string } | null; userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email, name, role: 'SUPPORT' } });
  expect(createStaffUser.userErrors).toEqual([]);
  return createStaffUser.user!.id;
}

/** Delivers what is queued; the token of each invitation email that reached the address, oldest first. */
async function invitationTokensIn(mailbox: string): Promise<string[]> {
  await env.platform.deliverNotifications();
  return env.smtp.accepted
    .filter((message) => message.envelopeTo.includes(mailbox))
    .map((message) => {
      expect(message.parsed.subject).toBe('You are invited to the City of Norwalk staff console');
      const link = /https:\/\/\S+\/console\/accept-invitation\?\S+/.exec(message.parsed.text ?? '');
      return new URL(link![0]).searchParams.get('token')!;
    });
}

async function accept(token: string): Promise<string[]> {
  const { resetPassword } = await env.platform.client.asTenant('norwalk').data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  return resetPassword.userErrors.map((error) => error.code);
}

it('emails a lapsed invitation anew; each new link ends the earlier ones, and the newest lets them in', async () => {
  const email = 'ivo.invited@norwalk.example';
  const ivoId = await addStaff(await demoStaffClient(env.platform, 'norwalk', 'ADMIN'), email, 'Ivo Invited');
  const [lapsed] = await invitationTokensIn(email);

  // Four days on, the first link has lapsed unused.
  clock.advance(96 * HOURS);
  let admin = await demoStaffClient(env.platform, 'norwalk', 'ADMIN');
  expect((await admin.data<Resent>(RESEND, { userId: ivoId })).resendStaffInvitation).toEqual({ user: { id: ivoId, email, invitationPending: true }, userErrors: [] });
  const [, second] = await invitationTokensIn(email);
  expect(second).toEqual(expect.any(String));
  expect(second).not.toBe(lapsed);
  expect(await accept(lapsed!)).toEqual(['INVALID_TOKEN']);

  // Sent again within the day (the email was lost): the second link, still young, stops working; the third works.
  clock.advance(HOURS);
  admin = await demoStaffClient(env.platform, 'norwalk', 'ADMIN');
  expect((await admin.data<Resent>(RESEND, { userId: ivoId })).resendStaffInvitation.userErrors).toEqual([]);
  const tokens = await invitationTokensIn(email);
  expect(tokens).toHaveLength(3);
  expect(await accept(second!)).toEqual(['INVALID_TOKEN']);
  expect(await accept(tokens[2]!)).toEqual([]);
  expect((await signIn(env.platform.client.asTenant('norwalk'), email)).session).toBeTruthy();

  // In the audit log, with who sent it, in words.
  const adminId = (await admin.data<{ viewer: { user: { id: string } } }>('{ viewer { user { id } } }')).viewer.user.id;
  const events = await tenantRows<{ actor: string }>(env.platform, 'norwalk', `SELECT actor FROM security_events WHERE kind = 'STAFF_INVITATION_RESENT' AND user_id = $1`, [ivoId]);
  expect(events).toEqual([{ actor: adminId }, { actor: adminId }]);
  const { auditLog } = await admin.data<{ auditLog: { edges: { node: { kind: string; label: string } }[] } }>('{ auditLog(first: 5) { edges { node { kind label } } } }');
  expect(auditLog.edges.map((edge) => edge.node)).toContainEqual({ kind: 'STAFF_INVITATION_RESENT', label: 'Staff invitation sent again' });

  // Accepted: nothing more to send, said at the user id, and nothing is queued.
  const queued = (await outboxFor(env.platform, 'norwalk', email)).length;
  expect((await admin.data<Resent>(RESEND, { userId: ivoId })).resendStaffInvitation).toEqual({
    user: null,
    userErrors: [{ field: ['userId'], code: 'INVITATION_ALREADY_ACCEPTED', message: 'This staff user accepted their invitation already: they can reset their password if they forgot it.' }],
  });
  expect(await outboxFor(env.platform, 'norwalk', email)).toHaveLength(queued);
});

it('refuses a disabled staff member, someone not of the city’s staff, and another city’s ADMIN; SUPPORT may not ask', async () => {
  const admin = await demoStaffClient(env.platform, 'norwalk', 'ADMIN');
  const email = 'gone.before@norwalk.example';
  const goneId = await addStaff(env.platform.operator.asTenant('norwalk'), email, 'Gone Before');
  expect((await admin.data<{ disableStaffUser: { userErrors: unknown[] } }>(DISABLE, { userId: goneId })).disableStaffUser.userErrors).toEqual([]);
  const refusal = async (by: GraphQLTestClient, userId: string) => (await by.data<Resent>(RESEND, { userId })).resendStaffInvitation;
  for (const by of [admin, env.platform.operator.asTenant('norwalk')]) {
    expect(await refusal(by, goneId)).toEqual({ user: null, userErrors: [{ field: ['userId'], code: 'STAFF_USER_DISABLED', message: 'This staff user’s access was taken away.' }] });
  }

  const { session } = await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'resident.reinvite@norwalk.example' });
  const residentId = (await bearer(env.platform.client.asTenant('norwalk'), session).data<{ viewer: { user: { id: string } } }>('{ viewer { user { id } } }')).viewer.user.id;
  const normanInvited = await env.platform.operator
    .asTenant('norman')
    .data<{ createStaffUser: { user: { id: string } } }>(CREATE_STAFF, { input: { email: 'far.away@norman.example', username: 'far_away', name: 'Far Away', role: 'SUPPORT' } });
  for (const userId of [residentId, normanInvited.createStaffUser.user.id, '00000000-0000-4000-8000-000000000000']) {
    expect((await refusal(admin, userId)).userErrors).toEqual([{ field: ['userId'], code: 'STAFF_USER_NOT_FOUND', message: 'No staff user of this city by that id.' }]);
  }

  // Norman's ADMIN reaches no one at Norwalk: in their own city the id is nobody, and their session is refused at Norwalk.
  const stillInvited = await addStaff(admin, 'still.invited@norwalk.example', 'Still Invited');
  const normanAdmin = await demoStaffClient(env.platform, 'norman', 'ADMIN');
  expect((await refusal(normanAdmin, stillInvited)).userErrors.map((error) => [error.field, error.code])).toEqual([[['userId'], 'STAFF_USER_NOT_FOUND']]);
  const crossed = await normanAdmin.asTenant('norwalk').request(RESEND, { userId: stillInvited });
  expect(crossed.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'WRONG_TENANT' });
  expect((await (await demoStaffClient(env.platform, 'norwalk', 'SUPPORT')).request(RESEND, { userId: stillInvited })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  // None of the refusals queued an email or ended the invitation still open.
  expect(await outboxFor(env.platform, 'norwalk', 'still.invited@norwalk.example')).toHaveLength(1);
  expect(await outboxFor(env.platform, 'norwalk', email)).toHaveLength(1);
  expect(await tenantRows(env.platform, 'norman', `SELECT count(*)::int AS n FROM notification_outbox WHERE recipient = 'far.away@norman.example'`)).toEqual([{ n: 1 }]);
  expect(await accept(await latestToken(env.platform, 'norwalk', 'still.invited@norwalk.example', 'STAFF_INVITATION'))).toEqual([]);
});
