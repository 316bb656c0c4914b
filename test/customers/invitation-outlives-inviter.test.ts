import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import type { GraphQLTestClient } from '@platform/testkit';
import { CREATE_STAFF, GOOD_PASSWORD, RESET, VIEWER, bearer, signIn, tenantRows, type UserErrorShape } from './customer-api';
import { platformWithMailCatcher } from '../notifications/notification-api';

// An invitation is the inviting ADMIN's authority, handed on by email. A rogue ADMIN can invite an address of their own
// (as ADMIN) and keep the link; once the city takes their access or their ADMIN role away, that link must end with it,
// or they walk back in through it as a new ADMIN the city never chose. An invitation the operator or another ADMIN sent
// stays good, and the invited row can be sent a new invitation by an ADMIN who still is one.

const env = platformWithMailCatcher((smtp) => ({ notifications: { smtpUrl: smtp.url } }));

const DISABLE = 'mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { userErrors { code } } }';
const CHANGE_ROLE = 'mutation Role($input: ChangeStaffRoleInput!) { changeStaffRole(input: $input) { userErrors { code } } }';
const RESEND = 'mutation Resend($userId: UUID!) { resendStaffInvitation(userId: $userId) { userErrors { code } } }';
type Created = { createStaffUser: { user: { id: string } | null; userErrors: UserErrorShape[] } };

async function signedIn(identifier: string, password = GOOD_PASSWORD): Promise<GraphQLTestClient> {
  const client = env.platform.client.asTenant('norwalk');
  const login = await signIn(client, identifier, password);
  if (!login.session) throw new Error(`${identifier} could not sign in: ${JSON.stringify(login.userErrors)}`);
  return bearer(client, login.session);
}

const demoAdmin = () => signedIn(demoSignIn(DEMO_STAFF.find((user) => user.tenant === 'norwalk' && user.role === 'ADMIN')!), DEMO_STAFF_PASSWORD);

async function invite(by: GraphQLTestClient, email: string, name: string, role: 'ADMIN' | 'SUPPORT'): Promise<string> {
  const { createStaffUser } = await by.data<Created>(CREATE_STAFF, { input: { email, name, role } });
  expect(createStaffUser.userErrors).toEqual([]);
  return createStaffUser.user!.id;
}

/** Delivers what is queued over SMTP; the token of the newest invitation email that reached the address. */
async function invitationLinkIn(mailbox: string): Promise<string> {
  await env.platform.deliverNotifications();
  const links = env.smtp.accepted
    .filter((message) => message.envelopeTo.includes(mailbox))
    .map((message) => /https:\/\/\S+\/console\/accept-invitation\?\S+/.exec(message.parsed.text ?? '')?.[0])
    .filter((link): link is string => !!link);
  if (links.length === 0) throw new Error(`no invitation reached ${mailbox}`);
  return new URL(links.at(-1)!).searchParams.get('token')!;
}

async function accept(token: string): Promise<UserErrorShape[]> {
  const { resetPassword } = await env.platform.client.asTenant('norwalk').data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  return resetPassword.userErrors;
}

/** A second ADMIN, invited by the demo ADMIN, who accepted and is signed in. */
async function rogueAdmin(adam: GraphQLTestClient, email: string, name: string): Promise<{ rogue: GraphQLTestClient; rogueId: string }> {
  const rogueId = await invite(adam, email, name, 'ADMIN');
  expect(await accept(await invitationLinkIn(email))).toEqual([]);
  return { rogue: await signedIn(email), rogueId };
}

it('ends the invitations an ADMIN sent when their access is taken away: the link they kept lets nobody in', async () => {
  const adam = await demoAdmin();
  const { rogue, rogueId } = await rogueAdmin(adam, 'rogue.one@norwalk.example', 'Rogue One');
  const backdoor = 'rogue.one.home@mail.example';
  const backdoorId = await invite(rogue, backdoor, 'Back Door One', 'ADMIN');
  const kept = await invitationLinkIn(backdoor);
  // Someone the operator invited stays invited: their link was never the rogue's to give.
  const operatorInvitee = 'olga.invited@norwalk.example';
  await invite(env.platform.operator.asTenant('norwalk'), operatorInvitee, 'Olga Invited', 'SUPPORT');
  const operatorLink = await invitationLinkIn(operatorInvitee);

  expect((await adam.data<{ disableStaffUser: { userErrors: UserErrorShape[] } }>(DISABLE, { userId: rogueId })).disableStaffUser.userErrors).toEqual([]);

  const refused = await accept(kept);
  expect(refused.map((error) => error.code)).toEqual(['INVALID_TOKEN']);
  expect(await signIn(env.platform.client.asTenant('norwalk'), backdoor)).toMatchObject({ session: null });
  const [row] = await tenantRows<{ password_set: boolean }>(env.platform, 'norwalk', 'SELECT password_hash IS NOT NULL AS password_set FROM users WHERE id = $1', [backdoorId]);
  expect(row).toEqual({ password_set: false });
  expect(await accept(operatorLink)).toEqual([]);
  // The audit log says the removal took the rogue's invitation with it.
  const disabled = await tenantRows<{ actor: string; detail: Record<string, string> }>(
    env.platform,
    'norwalk',
    `SELECT actor, detail FROM security_events WHERE kind = 'STAFF_DISABLED' AND user_id = $1`,
    [rogueId],
  );
  expect(disabled.map((event) => event.detail)).toEqual([{ roles: 'ADMIN', invitationsEnded: '1' }]);

  // The city decides: an ADMIN who still is one can send the invited person a link of their own.
  expect((await adam.data<{ resendStaffInvitation: { userErrors: UserErrorShape[] } }>(RESEND, { userId: backdoorId })).resendStaffInvitation.userErrors).toEqual([]);
  expect(await accept(await invitationLinkIn(backdoor))).toEqual([]);
});

it('ends them too when the ADMIN is made SUPPORT, who may invite nobody', async () => {
  const adam = await demoAdmin();
  const { rogue, rogueId } = await rogueAdmin(adam, 'rogue.two@norwalk.example', 'Rogue Two');
  const backdoor = 'rogue.two.home@mail.example';
  await invite(rogue, backdoor, 'Back Door Two', 'ADMIN');
  const kept = await invitationLinkIn(backdoor);

  expect((await adam.data<{ changeStaffRole: { userErrors: UserErrorShape[] } }>(CHANGE_ROLE, { input: { userId: rogueId, role: 'SUPPORT' } })).changeStaffRole.userErrors).toEqual([]);

  expect((await accept(kept)).map((error) => error.code)).toEqual(['INVALID_TOKEN']);
  // The demoted clerk, signed in again as SUPPORT, is no ADMIN either way.
  const demoted = await signedIn('rogue.two@norwalk.example');
  expect((await demoted.data<{ viewer: { roles: string[] } }>(VIEWER)).viewer.roles).toEqual(['SUPPORT']);
});

it("keeps an ADMIN's invitations when another staff member is removed", async () => {
  const adam = await demoAdmin();
  const { rogue: keeper } = await rogueAdmin(adam, 'kept.admin@norwalk.example', 'Kept Admin');
  const invitee = 'ines.invited@norwalk.example';
  await invite(keeper, invitee, 'Ines Invited', 'SUPPORT');
  const link = await invitationLinkIn(invitee);
  const otherId = await invite(adam, 'someone.else@norwalk.example', 'Someone Else', 'SUPPORT');
  expect((await adam.data<{ disableStaffUser: { userErrors: UserErrorShape[] } }>(DISABLE, { userId: otherId })).disableStaffUser.userErrors).toEqual([]);
  expect(await accept(link)).toEqual([]);
});
