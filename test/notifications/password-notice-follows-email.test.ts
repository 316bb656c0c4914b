import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { CHANGE_PASSWORD, GOOD_PASSWORD, REQUEST_RESET, RESET, bearer, changeEmail, latestToken, registerCustomer, signIn, tenantRows } from '../customers/customer-api';
import { RESEND, platformWithMailCatcher } from '../notifications/notification-api';

/*
 * README (Notifications): resendNotification sends "a user's email to the address the user has now (followed from the
 * one it went to through the changes of email the user made since ...; not an EMAIL_CHANGED notice, meant for the
 * address given up, nor a receipt to an address the payer typed)", and "the user's emails still waiting to go to the old
 * address go to the new one". The PASSWORD_CHANGED notice was queued without its user, so neither held for it: it went
 * to the address the resident gave up, which another resident of the city may hold by then.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: false });
const NEW_PASSWORD = 'a completely different passphrase';
type Resent = { resendNotification: { notification: { recipient: string } | null; userErrors: unknown[] } };

it("staff's resend of a resident's password-changed notice goes to the email the account has now, not to the address given up (now someone else's)", async () => {
  const [OLD, NEW] = ['dana.old@example.com', 'dana.new@example.com'];
  const norwalk = () => env.platform.client.asTenant('norwalk');
  const dana = await registerCustomer(norwalk(), { email: OLD, name: 'Dana Private' });
  const me = bearer(norwalk(), dana.session);
  const changed = await me.data<{ changePassword: { userErrors: unknown[] } }>(CHANGE_PASSWORD, { input: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD } });
  expect(changed.changePassword.userErrors).toEqual([]);
  expect((await env.deliveredTo(OLD)).length).toBe(1);
  clock.advance(60_000);
  await changeEmail(env.platform, me, NEW, NEW_PASSWORD);
  await env.deliveredTo(OLD);
  // The address Dana gave up is free: another resident of Norwalk registers it.
  await registerCustomer(norwalk().withHeaders({ 'x-forwarded-for': '198.51.100.77' }), { email: OLD, name: 'Someone Else' });
  clock.advance(60_000);

  const [notice] = await tenantRows<{ id: string }>(env.platform, 'norwalk', `SELECT id FROM notification_outbox WHERE template = 'PASSWORD_CHANGED' AND recipient = $1`, [OLD]);
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const resent = (await admin.data<Resent>(RESEND, { id: notice!.id })).resendNotification;
  const toOld = await env.deliveredTo(OLD);
  expect({ resent, namesDanaToSomeoneElse: toOld.some((m) => m.text.includes('Dana')) }).toEqual({
    resent: { notification: expect.objectContaining({ recipient: NEW }), userErrors: [] },
    namesDanaToSomeoneElse: false,
  });
});

/** The resident (`me`) moves from `from` to `to` before their password-changed notice went: where it is addressed now. */
async function waitingNoticeAfterMove(me: GraphQLTestClient, from: string, to: string): Promise<{ recipient: string }[]> {
  await changeEmail(env.platform, me, to, NEW_PASSWORD);
  const sql = `SELECT recipient FROM notification_outbox WHERE template = 'PASSWORD_CHANGED' AND (recipient = $1 OR recipient = $2)`;
  return tenantRows<{ recipient: string }>(env.platform, 'norwalk', sql, [from, to]);
}

it("a password-changed notice still waiting when the resident moves to a new email goes to the new one, as the user's other waiting emails do", async () => {
  const [OLD, NEW] = ['eli.old@example.com', 'eli.new@example.com'];
  const norwalk = () => env.platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '198.51.100.78' });
  const eli = await registerCustomer(norwalk(), { email: OLD });
  const me = bearer(norwalk(), eli.session);
  const changed = await me.data<{ changePassword: { userErrors: unknown[] } }>(CHANGE_PASSWORD, { input: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD } });
  expect(changed.changePassword.userErrors).toEqual([]);
  // Not delivered yet (the relay is slow): Eli moves the account to a new address.
  expect(await waitingNoticeAfterMove(me, OLD, NEW)).toEqual([{ recipient: NEW }]);
});

it('the notice of a password reset carries its user too: still waiting when the resident moves to a new email, it goes to the new one', async () => {
  const [OLD, NEW] = ['fay.old@example.com', 'fay.new@example.com'];
  const norwalk = () => env.platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '198.51.100.79' });
  await registerCustomer(norwalk(), { email: OLD });
  expect((await norwalk().data<{ requestPasswordReset: { userErrors: unknown[] } }>(REQUEST_RESET, { input: { identifier: OLD } })).requestPasswordReset.userErrors).toEqual([]);
  await env.platform.settleBackgroundWork();
  const token = await latestToken(env.platform, 'norwalk', OLD, 'PASSWORD_RESET');
  expect((await norwalk().data<{ resetPassword: { userErrors: unknown[] } }>(RESET, { input: { token, newPassword: NEW_PASSWORD } })).resetPassword.userErrors).toEqual([]);
  const me = bearer(norwalk(), (await signIn(norwalk(), OLD, NEW_PASSWORD)).session!);
  expect(await waitingNoticeAfterMove(me, OLD, NEW)).toEqual([{ recipient: NEW }]);
});
