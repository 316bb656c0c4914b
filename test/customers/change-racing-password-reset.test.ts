import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { CHANGE_PASSWORD, GOOD_PASSWORD, REQUEST_RESET, RESET, UPDATE_PROFILE, bearer, latestToken, registerCustomer, signIn, tenantRows, type UserErrorShape } from './customer-api';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';

/*
 * A resident whose password was stolen resets it, which ends every session. An attacker holding one of them, whose
 * changePassword or email change (with the stolen password) was already under way, must not land after the reset: the
 * session it came with has ended, and the password it checked is no longer the account's. It did land: both read the
 * user without a lock and wrote with a plain UPDATE, so the attacker's password replaced the one the victim had just
 * chosen, or the account moved to the attacker's address (which could then reset it). Each now re-checks, under the
 * user's row lock a reset takes too, that its session is still open and the password it verified is still the
 * account's (as sign-in does), and is refused, nothing written, where not.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

type ActionPayload = { userErrors: UserErrorShape[] };
const norwalk = (): GraphQLTestClient => platform.client.asTenant('norwalk');

/**
 * The victim's reset, then the attacker's request, in that order on the user's row: the test holds the row, starts
 * the reset (which waits for it), then the attacker's request (which queues behind it), and lets go.
 */
async function resetThenAttacker<T>(email: string, newPassword: string, attacker: () => Promise<T>): Promise<{ reset: ActionPayload; attacker: T }> {
  expect((await norwalk().data<{ requestPasswordReset: ActionPayload }>(REQUEST_RESET, { input: { identifier: email } })).requestPasswordReset.userErrors).toEqual([]);
  const token = await latestToken(platform, 'norwalk', email, 'PASSWORD_RESET');
  const [user] = await tenantRows<{ id: string }>(platform, 'norwalk', 'SELECT id FROM users WHERE email = $1', [email]);
  const letGo = await holdRows(platform.db, 'norwalk', 'SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [user!.id]);
  try {
    const resetting = norwalk().data<{ resetPassword: ActionPayload }>(RESET, { input: { token, newPassword } });
    await untilWaitingOnLocks(platform.db, '%', { n: 1 });
    const attacking = attacker();
    await untilWaitingOnLocks(platform.db, '%', { n: 2 });
    await letGo();
    const [reset, attacked] = await Promise.all([resetting, attacking]);
    return { reset: reset.resetPassword, attacker: attacked };
  } finally {
    await letGo();
  }
}

it("refuses an attacker's changePassword that was under way as the victim reset the password: the victim's new password stays", async () => {
  const email = 'stolen-password@example.com';
  await registerCustomer(norwalk(), { email });
  const attacker = bearer(norwalk(), (await signIn(norwalk(), email)).session!);

  const { reset, attacker: answer } = await resetThenAttacker(email, 'victim recovered the account', () =>
    attacker.request(CHANGE_PASSWORD, { input: { currentPassword: GOOD_PASSWORD, newPassword: 'attacker keeps the account' } }),
  );
  expect(reset.userErrors).toEqual([]);
  // Its session ended with the reset: refused as any request of an ended session is.
  expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
  expect({
    victim: (await signIn(norwalk(), email, 'victim recovered the account')).userErrors.map((e) => e.code),
    attacker: (await signIn(norwalk(), email, 'attacker keeps the account')).userErrors.map((e) => e.code),
  }).toEqual({ victim: [], attacker: ['INVALID_CREDENTIALS'] });
});

it("refuses an attacker's email change that was under way as the victim reset the password: the account keeps the victim's address", async () => {
  const email = 'stolen-session@example.com';
  await registerCustomer(norwalk(), { email });
  const attacker = bearer(norwalk(), (await signIn(norwalk(), email)).session!);

  const { reset, attacker: answer } = await resetThenAttacker(email, 'victim recovered it again', () =>
    attacker.request(UPDATE_PROFILE, { input: { email: 'attacker-inbox@example.net', currentPassword: GOOD_PASSWORD } }),
  );
  expect(reset.userErrors).toEqual([]);
  expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
  const signedIn = await signIn(norwalk(), email, 'victim recovered it again');
  expect({ victim: signedIn.userErrors, email: signedIn.user?.email }).toEqual({ victim: [], email });
  expect(await tenantRows(platform, 'norwalk', `SELECT count(*)::int AS n FROM notification_outbox WHERE template = 'EMAIL_CHANGED' AND recipient = $1`, [email])).toEqual([{ n: 0 }]);
});

it('refuses a password change whose current password another change replaced meanwhile, in the same session (WRONG_PASSWORD)', async () => {
  const email = 'two-tabs@example.com';
  const { session } = await registerCustomer(norwalk(), { email });
  const me = bearer(norwalk(), session);
  const [user] = await tenantRows<{ id: string }>(platform, 'norwalk', 'SELECT id FROM users WHERE email = $1', [email]);

  // Two tabs of one session each change the password from the same current one; the first to take the row wins.
  const letGo = await holdRows(platform.db, 'norwalk', 'SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [user!.id]);
  let first: Promise<{ changePassword: ActionPayload }>;
  let second: Promise<{ changePassword: ActionPayload }>;
  try {
    first = me.data(CHANGE_PASSWORD, { input: { currentPassword: GOOD_PASSWORD, newPassword: 'first tab chose this' } });
    await untilWaitingOnLocks(platform.db, '%', { n: 1 });
    second = me.data(CHANGE_PASSWORD, { input: { currentPassword: GOOD_PASSWORD, newPassword: 'second tab chose this' } });
    await untilWaitingOnLocks(platform.db, '%', { n: 2 });
  } finally {
    await letGo();
  }
  expect([(await first).changePassword.userErrors, (await second).changePassword.userErrors.map((e) => [e.field, e.code])]).toEqual([[], [[['input', 'currentPassword'], 'WRONG_PASSWORD']]]);
  expect((await signIn(norwalk(), email, 'first tab chose this')).userErrors).toEqual([]);
});
