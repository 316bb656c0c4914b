import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { withTenant } from '@platform/db';
import {
  CHANGE_PASSWORD,
  CREATE_STAFF,
  GOOD_PASSWORD,
  REQUEST_RESET,
  RESET,
  changeEmail,
  VIEWER,
  bearer,
  latestToken,
  outboxFor,
  registerCustomer,
  signIn,
  tenantRows,
  type UserErrorShape,
} from './customer-api';
import { untilWaitingOnLocks } from '../db/lock-waits';

const clock = new FixedClock(new Date('2026-11-23T15:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const norwalk = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
const NEW_PASSWORD = 'a completely new passphrase';

type ActionPayload = { userErrors: UserErrorShape[] };
const requestReset = async (identifier: string, locale = 'en') =>
  (await norwalk().withHeaders({ 'accept-language': locale }).data<{ requestPasswordReset: ActionPayload }>(REQUEST_RESET, { input: { identifier } })).requestPasswordReset;
const reset = async (token: string, newPassword = NEW_PASSWORD) => (await norwalk().data<{ resetPassword: ActionPayload }>(RESET, { input: { token, newPassword } })).resetPassword;

/**
 * Runs `update` on the user's row in a transaction left open, so whatever reads the account with a lock waits for it;
 * `commit` ends it.
 */
async function holdUserRow(userId: string, update: string): Promise<{ commit: () => Promise<void> }> {
  const [{ tenant_id: tenantId }] = (await tenantRows<{ tenant_id: string }>(platform, 'norwalk', 'SELECT tenant_id FROM users WHERE id = $1', [userId])) as [{ tenant_id: string }];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let updated!: () => void;
  const hasUpdated = new Promise<void>((resolve) => (updated = resolve));
  const holding = withTenant({ db: platform.db, tenant: { id: tenantId } }, async (manager) => {
    await manager.query(update, [userId]);
    updated();
    await released;
  });
  await hasUpdated;
  return {
    commit: async () => {
      release();
      await holding;
    },
  };
}

describe('password reset through the notification outbox', () => {
  it('resets a password with the token from the outbox; sessions from before end', async () => {
    const { session } = await registerCustomer(norwalk(), { email: 'forgetful@example.com' });
    expect(await requestReset('Forgetful@example.com')).toEqual({ userErrors: [] });

    const [message] = await outboxFor(platform, 'norwalk', 'forgetful@example.com', 'PASSWORD_RESET');
    expect(message).toMatchObject({ recipient: 'forgetful@example.com', locale: 'en', template: 'PASSWORD_RESET' });
    expect(message!.data.expiresAt).toBe('2026-11-23T16:00:00.000Z');
    // Only the token's hash is kept with the account.
    const stored = await tenantRows<{ token_hash: string }>(platform, 'norwalk', 'SELECT token_hash FROM password_reset_tokens');
    expect(stored.map((row) => row.token_hash)).not.toContain(message!.data.token);

    expect(await reset(message!.data.token!)).toEqual({ userErrors: [] });
    expect((await signIn(norwalk(), 'forgetful@example.com', NEW_PASSWORD)).userErrors).toEqual([]);
    expect((await signIn(norwalk(), 'forgetful@example.com')).userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
    expect((await bearer(norwalk(), session).request(VIEWER)).status).toBe(401);
  });

  it('answers the same for an unknown account, and sends nothing', async () => {
    const someone = (await registerCustomer(norwalk(), { email: 'someone@example.com' })).user.email!;
    const before = await tenantRows<{ n: string }>(platform, 'norwalk', 'SELECT count(*) AS n FROM notification_outbox');
    const unknown = await requestReset('nobody-here@example.com');
    const known = await requestReset(someone);
    expect(unknown).toEqual(known);
    expect(await outboxFor(platform, 'norwalk', 'nobody-here@example.com')).toEqual([]);
    const after = await tenantRows<{ n: string }>(platform, 'norwalk', 'SELECT count(*) AS n FROM notification_outbox');
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 1);
  });

  it("answers without waiting on the account it names, so an account's answer is no slower than a stranger's; its link follows", async () => {
    const { user } = await registerCustomer(norwalk(), { email: 'held-row@example.com' });
    // An update holds the account's row, not yet committed: whatever finds the account to send its link waits for it.
    const held = await holdUserRow(user.id, 'UPDATE users SET updated_at = updated_at WHERE id = $1');
    try {
      let answered = false;
      const asking = requestReset('held-row@example.com').finally(() => (answered = true));
      await untilWaitingOnLocks(platform.db, '%FOR SHARE%');
      // Answered while the account's work still waits (the bound is only how long a failure takes to show).
      await Promise.race([asking, new Promise((resolve) => setTimeout(resolve, 5000))]);
      expect(answered).toBe(true);
      expect(await asking).toEqual({ userErrors: [] });
    } finally {
      await held.commit();
    }
    expect(await outboxFor(platform, 'norwalk', 'held-row@example.com', 'PASSWORD_RESET')).toHaveLength(1);
  });

  it('works once: a used token is refused and changes nothing', async () => {
    await registerCustomer(norwalk(), { email: 'once@example.com' });
    await requestReset('once@example.com');
    const token = await latestToken(platform, 'norwalk', 'once@example.com', 'PASSWORD_RESET');
    expect(await reset(token)).toEqual({ userErrors: [] });
    const again = await reset(token, 'yet another passphrase');
    expect(again.userErrors).toEqual([expect.objectContaining({ field: ['input', 'token'], code: 'INVALID_TOKEN' })]);
    expect((await signIn(norwalk(), 'once@example.com', NEW_PASSWORD)).userErrors).toEqual([]);
  });

  it('expires after an hour', async () => {
    await registerCustomer(norwalk(), { email: 'late@example.com' });
    await requestReset('late@example.com');
    const token = await latestToken(platform, 'norwalk', 'late@example.com', 'PASSWORD_RESET');
    clock.advance(60 * 60 * 1000 + 1000);
    const late = await reset(token);
    expect(late.userErrors[0]?.code).toBe('INVALID_TOKEN');
    expect((await signIn(norwalk(), 'late@example.com')).userErrors).toEqual([]);
  });

  it('refuses a weak new password without using up the token', async () => {
    await registerCustomer(norwalk(), { email: 'weak-reset@example.com' });
    await requestReset('weak-reset@example.com');
    const token = await latestToken(platform, 'norwalk', 'weak-reset@example.com', 'PASSWORD_RESET');
    expect((await reset(token, 'password')).userErrors[0]).toMatchObject({ field: ['input', 'newPassword'] });
    expect(await reset(token)).toEqual({ userErrors: [] });
  });

  it('once the password is set with one link, the other links still open set it no more', async () => {
    await registerCustomer(norwalk(), { email: 'two-links@example.com' });
    await requestReset('two-links@example.com');
    const older = await latestToken(platform, 'norwalk', 'two-links@example.com', 'PASSWORD_RESET');
    // A second later, so the newer link is the latest one queued.
    clock.advance(1000);
    await requestReset('two-links@example.com');
    const newer = await latestToken(platform, 'norwalk', 'two-links@example.com', 'PASSWORD_RESET');
    expect(newer).not.toBe(older);
    expect(await reset(newer)).toEqual({ userErrors: [] });
    expect((await reset(older, 'an attacker passphrase')).userErrors[0]?.code).toBe('INVALID_TOKEN');
    expect((await signIn(norwalk(), 'two-links@example.com', NEW_PASSWORD)).userErrors).toEqual([]);
  });

  it('a password changed, or the email changed, ends the links still open', async () => {
    const { session } = await registerCustomer(norwalk(), { email: 'changed-after-link@example.com' });
    await requestReset('changed-after-link@example.com');
    const beforeChange = await latestToken(platform, 'norwalk', 'changed-after-link@example.com', 'PASSWORD_RESET');
    const me = bearer(norwalk(), session);
    expect((await me.data<{ changePassword: ActionPayload }>(CHANGE_PASSWORD, { input: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD } })).changePassword.userErrors).toEqual([]);
    expect((await reset(beforeChange, 'an attacker passphrase')).userErrors[0]?.code).toBe('INVALID_TOKEN');

    clock.advance(1000);
    await requestReset('changed-after-link@example.com');
    const beforeMove = await latestToken(platform, 'norwalk', 'changed-after-link@example.com', 'PASSWORD_RESET');
    // Asked for, the new address does not end the link yet (the account's mail is still the old one's); proved, it does.
    await changeEmail(platform, me, 'moved-on@example.com', NEW_PASSWORD);
    expect((await reset(beforeMove, 'an attacker passphrase')).userErrors[0]?.code).toBe('INVALID_TOKEN');
    expect((await signIn(norwalk(), 'moved-on@example.com', NEW_PASSWORD)).userErrors).toEqual([]);
  });

  it('a sign-in whose password is changed while it is being checked starts no session', async () => {
    const { user } = await registerCustomer(norwalk(), { email: 'in-flight@example.com' });
    // A password change holds the account's row, not yet committed, while a sign-in with the old password runs.
    const change = await holdUserRow(user.id, `UPDATE users SET password_hash = 'changed meanwhile' WHERE id = $1`);
    let finished = false;
    const signingIn = signIn(norwalk(), 'in-flight@example.com').finally(() => (finished = true));
    // The change commits once the sign-in has either finished (it did not wait for the change) or waits on the
    // account's row: then it has checked the old password, and its session is what the change must not miss.
    await untilWaitingOnLocks(platform.db, '%FOR SHARE%', { finished: () => finished });
    await change.commit();
    // It read the old password and checked it; the session would have outlived the change that ends every session.
    expect((await signingIn).userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
  });

  describe('for a staff member whose access was taken away', () => {
    const DISABLE = `mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { userErrors { code } } }`;
    const ENABLE = `mutation Enable($userId: UUID!) { enableStaffUser(userId: $userId) { userErrors { code } } }`;
    const operator = () => platform.operator.asTenant('norwalk');

    /** A SUPPORT clerk of Norwalk, added by the operator, who accepted the invitation: their password is NEW_PASSWORD. */
    // No two staff of a city share a name (STAFF_NAME_TAKEN): each clerk is numbered.
    let clerks = 0;
    async function clerk(email: string): Promise<string> {
      clerks += 1;
      const { createStaffUser } = await operator().data<{ createStaffUser: { user: { id: string } | null } }>(CREATE_STAFF, { input: { email, name: `Carla Clerk ${clerks}`, role: 'SUPPORT' } });
      expect(await reset(await latestToken(platform, 'norwalk', email, 'STAFF_INVITATION'))).toEqual({ userErrors: [] });
      return createStaffUser.user!.id;
    }

    it('sends no link, answering as for anyone; given back their access, they sign in with their password as before', async () => {
      const userId = await clerk('disabled-clerk@example.com');
      expect((await operator().data<{ disableStaffUser: ActionPayload }>(DISABLE, { userId })).disableStaffUser.userErrors).toEqual([]);

      expect(await requestReset('disabled-clerk@example.com')).toEqual(await requestReset('no-such-clerk@example.com'));
      expect(await outboxFor(platform, 'norwalk', 'disabled-clerk@example.com', 'PASSWORD_RESET')).toEqual([]);
      expect(await tenantRows(platform, 'norwalk', 'SELECT 1 FROM password_reset_tokens WHERE user_id = $1 AND used_at IS NULL', [userId])).toEqual([]);

      expect((await operator().data<{ enableStaffUser: ActionPayload }>(ENABLE, { userId })).enableStaffUser.userErrors).toEqual([]);
      expect((await signIn(norwalk(), 'disabled-clerk@example.com', NEW_PASSWORD)).userErrors).toEqual([]);
    });

    it('refuses a link still open of a user disabled since it was issued, and the password stays as it was', async () => {
      const userId = await clerk('disabled-after-link@example.com');
      await requestReset('disabled-after-link@example.com');
      const token = await latestToken(platform, 'norwalk', 'disabled-after-link@example.com', 'PASSWORD_RESET');
      // Disabled with the link left open, as one sent to a disabled user before such requests were refused is.
      await tenantRows(platform, 'norwalk', 'UPDATE users SET disabled_at = now() WHERE id = $1', [userId]);

      expect((await reset(token, 'an attacker passphrase')).userErrors).toEqual([expect.objectContaining({ field: ['input', 'token'], code: 'INVALID_TOKEN' })]);
      await tenantRows(platform, 'norwalk', 'UPDATE users SET disabled_at = NULL WHERE id = $1', [userId]);
      expect((await signIn(norwalk(), 'disabled-after-link@example.com', 'an attacker passphrase')).userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
      expect((await signIn(norwalk(), 'disabled-after-link@example.com', NEW_PASSWORD)).userErrors).toEqual([]);
    });
  });

  it('refuses a made-up token', async () => {
    expect((await reset('made-up-token-made-up-token-000000')).userErrors[0]?.code).toBe('INVALID_TOKEN');
  });

  it("writes the email in the account's language", async () => {
    await registerCustomer(norwalk(), { email: 'hablo@example.com', locale: 'ES' });
    // The request comes in English; the email follows the account's own choice.
    await requestReset('hablo@example.com', 'en');
    const [message] = await outboxFor(platform, 'norwalk', 'hablo@example.com', 'PASSWORD_RESET');
    expect(message?.locale).toBe('es');
  });

  it('limits reset emails per account, answering RATE_LIMITED with when to retry', async () => {
    await registerCustomer(norwalk(), { email: 'spammed@example.com' });
    for (let i = 0; i < 3; i++) expect(await requestReset('spammed@example.com')).toEqual({ userErrors: [] });
    const limited = await norwalk().request(REQUEST_RESET, { input: { identifier: 'spammed@example.com' } });
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number), reason: 'PASSWORD_RESET_REQUESTS' });
    expect(await outboxFor(platform, 'norwalk', 'spammed@example.com', 'PASSWORD_RESET')).toHaveLength(3);

    // An address with no account is limited the same way, so the limit does not tell who has one.
    for (let i = 0; i < 3; i++) expect(await requestReset('ghost@example.com')).toEqual({ userErrors: [] });
    const ghost = await norwalk().request(REQUEST_RESET, { input: { identifier: 'ghost@example.com' } });
    expect(ghost.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  describe('at a city of usernames, where either identifier finds the account', () => {
    const norman = () => platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
    const ask = async (identifier: string) => (await norman().request(REQUEST_RESET, { input: { identifier } })).errors?.[0]?.extensions?.code ?? null;

    it('sends an account 3 emails an hour whichever of its names is typed (found by review: each name sent its 3)', async () => {
      await registerCustomer(norman(), { email: 'two-names@example.com', username: 'two_names', name: 'Two Names', phone: '405-555-0133' });
      const answers = [];
      for (const identifier of ['two-names@example.com', 'TWO_NAMES', 'two-names@example.com', 'two_names', ' Two-Names@example.com ']) answers.push(await ask(identifier));
      // Answered as for anyone: a refusal here would tell that the email and the username are one account's.
      expect(answers).toEqual([null, null, null, null, null]);
      expect(await outboxFor(platform, 'norman', 'two-names@example.com', 'PASSWORD_RESET')).toHaveLength(3);
      // Each identifier typed still has its own limit, the same for every identifier.
      expect(await ask('two-names@example.com')).toBe('RATE_LIMITED');
    });

    it("answers an account's email as any other once its username has spent the account's emails (found by review)", async () => {
      await registerCustomer(norman(), { email: 'victim@example.com', username: 'victim_user', name: 'Vic Tim', phone: '405-555-0144' });
      await registerCustomer(norman(), { email: 'bystander@example.com', username: 'bystander_user', name: 'By Stander', phone: '405-555-0145' });
      for (let i = 0; i < 3; i++) expect(await ask('victim_user')).toBeNull();
      const probes = { nobody: await ask('nobody@example.com'), bystander: await ask('bystander@example.com'), victim: await ask('victim@example.com') };
      expect(probes).toEqual({ nobody: null, bystander: null, victim: null });
      expect(await outboxFor(platform, 'norman', 'victim@example.com', 'PASSWORD_RESET')).toHaveLength(3);
    });
  });
});
