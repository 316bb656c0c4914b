import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import {
  CHANGE_PASSWORD,
  GOOD_PASSWORD,
  LOGIN,
  LOGOUT,
  REFRESH,
  REGISTER,
  UPDATE_PROFILE,
  VIEWER,
  bearer,
  countRows,
  followEmailVerification,
  registerCustomer,
  signIn,
  tenantRows,
  type AuthPayload,
  type UserErrorShape,
  type UserShape,
} from './customer-api';
import { changeCitySettings } from '../tenants/city-settings';

let platform: TestPlatform;
beforeAll(async () => {
  // Each registration comes from its own address, so the per-address registration limit stays out of these tests.
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const norwalk = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
const norman = () => platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': `203.0.113.${nextAddress++}` });

type Viewer = { viewer: { roles: string[]; user: UserShape } | null };

describe('register, log in, refresh, log out (Norwalk signs in by email)', () => {
  it('takes a customer through a whole session life over HTTP', async () => {
    const { session, user } = await registerCustomer(norwalk(), { email: 'Pat.Resident@Example.com' });
    expect(user).toMatchObject({ email: 'pat.resident@example.com', username: null, roles: ['CUSTOMER'], locale: 'EN' });
    expect(new Date(session.accessTokenExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);

    const me = await bearer(norwalk(), session).data<Viewer>(VIEWER);
    expect(me.viewer).toEqual({ roles: ['CUSTOMER'], user: expect.objectContaining({ id: user.id, email: 'pat.resident@example.com' }) });

    // Signing in by email ignores case; a second session is independent of the first.
    const login = await signIn(norwalk(), 'PAT.resident@example.com');
    expect(login.userErrors).toEqual([]);
    expect(login.user?.id).toBe(user.id);

    // A refresh token works once and hands out a new pair.
    const { refreshSession } = await norwalk().data<{ refreshSession: AuthPayload }>(REFRESH, { token: login.session!.refreshToken });
    expect(refreshSession.userErrors).toEqual([]);
    expect(refreshSession.session!.refreshToken).not.toBe(login.session!.refreshToken);
    const refreshed = bearer(norwalk(), refreshSession.session!);
    expect((await refreshed.data<Viewer>(VIEWER)).viewer?.user.id).toBe(user.id);

    // Logging out ends that session: its access token stops working at once, not when it expires.
    expect((await refreshed.data<{ logout: { userErrors: UserErrorShape[] } }>(LOGOUT)).logout.userErrors).toEqual([]);
    const afterLogout = await refreshed.request(VIEWER);
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
    const refreshAfterLogout = await norwalk().data<{ refreshSession: AuthPayload }>(REFRESH, { token: refreshSession.session!.refreshToken });
    expect(refreshAfterLogout.refreshSession.userErrors[0]?.code).toBe('INVALID_TOKEN');

    // The first session was not touched.
    expect((await bearer(norwalk(), session).data<Viewer>(VIEWER)).viewer?.user.id).toBe(user.id);
  });

  it('answers viewer with null for a guest', async () => {
    expect((await norwalk().data<Viewer>(VIEWER)).viewer).toBeNull();
  });

  it('keeps users apart per city: the same email registers at Norwalk and at Norman as two users', async () => {
    const atNorwalk = await registerCustomer(norwalk(), { email: 'both@example.com' });
    const atNorman = await registerCustomer(norman(), { email: 'both@example.com', username: 'both_cities', name: 'Sam Both', phone: '(405) 555-0100' });
    expect(atNorman.user.id).not.toBe(atNorwalk.user.id);
    // Norwalk's password does not open Norman's account, and each city signs in its own way.
    expect((await signIn(norman(), 'both@example.com')).userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
    expect((await signIn(norman(), 'both_cities')).user?.id).toBe(atNorman.user.id);
    expect((await signIn(norwalk(), 'both@example.com')).user?.id).toBe(atNorwalk.user.id);
  });
});

describe('Norman signs in by username, with name, email and phone', () => {
  it('asks for every field the city requires, in one answer, and writes nothing', async () => {
    const before = await countRows(platform, 'norman', 'users');
    const { register } = await norman().data<{ register: AuthPayload }>(REGISTER, { input: { email: 'only-email@example.com', password: GOOD_PASSWORD } });
    expect(register.session).toBeNull();
    expect(register.userErrors.map((e) => [e.field.join('.'), e.code]).sort()).toEqual([
      ['input.name', 'REQUIRED'],
      ['input.phone', 'REQUIRED'],
      ['input.username', 'REQUIRED'],
    ]);
    expect(await countRows(platform, 'norman', 'users')).toBe(before);
  });

  it('reports every problem at once, each at its path, and writes nothing', async () => {
    const before = await countRows(platform, 'norman', 'users');
    const input = { username: 'x!', name: 'Pat 4111 1111 1111 1111', email: 'not-an-email', phone: '555-1234', password: 'password1234' };
    const { register } = await norman().data<{ register: AuthPayload }>(REGISTER, { input });
    expect(register.session).toBeNull();
    expect(register.userErrors.map((e) => [e.field.join('.'), e.code]).sort()).toEqual([
      ['input.email', 'INVALID_EMAIL'],
      ['input.name', 'CARD_NUMBER_NOT_ACCEPTED'],
      ['input.password', 'PASSWORD_TOO_COMMON'],
      ['input.phone', 'INVALID_PHONE'],
      ['input.username', 'INVALID_USERNAME'],
    ]);
    expect(register.userErrors.every((e) => e.message.length > 10)).toBe(true);
    expect(await countRows(platform, 'norman', 'users')).toBe(before);
  });

  it('says a username and an email are taken beside the other problems', async () => {
    await registerCustomer(norman(), { username: 'taken_name', email: 'taken@example.com', name: 'First Holder', phone: '405-555-0101' });
    const input = { username: 'TAKEN_NAME', email: 'Taken@Example.com', name: 'Second Try', phone: '12', password: GOOD_PASSWORD };
    const { register } = await norman().data<{ register: AuthPayload }>(REGISTER, { input });
    expect(register.userErrors.map((e) => [e.field.join('.'), e.code]).sort()).toEqual([
      ['input.email', 'EMAIL_TAKEN'],
      ['input.phone', 'INVALID_PHONE'],
      ['input.username', 'USERNAME_TAKEN'],
    ]);
  });

  it('registers with all of them and keeps the phone in E.164', async () => {
    const { user } = await registerCustomer(norman(), { username: 'Okie_Resident', email: 'okie@example.com', name: 'Okie Resident', phone: '405-555-0142' });
    expect(user).toMatchObject({ username: 'okie_resident', name: 'Okie Resident', phone: '+14055550142', email: 'okie@example.com' });
  });
});

describe('bad input', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['a malformed email', { email: 'not-an-email', password: GOOD_PASSWORD }, 'input.email', 'INVALID_EMAIL'],
    // Copied from a mail program with the separator it puts after an address, or in its angle brackets: delivery sends to
    // none of these, so an account kept under one would never get its reset links or receipts.
    ['an email with a separator after it', { email: 'pat@example.com;', password: GOOD_PASSWORD }, 'input.email', 'INVALID_EMAIL'],
    ['an email copied from a list', { email: 'lee@example.com,', password: GOOD_PASSWORD }, 'input.email', 'INVALID_EMAIL'],
    ['an email in angle brackets', { email: '<kim@example.com>', password: GOOD_PASSWORD }, 'input.email', 'INVALID_EMAIL'],
    ['a short password', { email: 'short@example.com', password: 'abc123' }, 'input.password', 'PASSWORD_TOO_SHORT'],
    ['a common password', { email: 'common@example.com', password: 'password1234' }, 'input.password', 'PASSWORD_TOO_COMMON'],
    ['a password that is the email', { email: 'sameasemail@example.com', password: 'sameasemail@example.com' }, 'input.password', 'PASSWORD_CONTAINS_IDENTIFIER'],
    ['a password longer than 128 characters', { email: 'long@example.com', password: 'x'.repeat(129) }, 'input.password', 'PASSWORD_TOO_LONG'],
    // A name is shown to staff and written into emails: nothing blank-looking, nothing that rewrites what they read.
    ['a name of zero-width spaces only', { email: 'blank@example.com', password: GOOD_PASSWORD, name: '\u200b\u200b' }, 'input.name', 'INVALID_NAME'],
    ['a name with a terminal escape sequence', { email: 'escape@example.com', password: GOOD_PASSWORD, name: 'Pat\u001b[2JPayer' }, 'input.name', 'INVALID_TEXT'],
    ['a name with a C1 control', { email: 'cone@example.com', password: GOOD_PASSWORD, name: 'Pat\u009bPayer' }, 'input.name', 'INVALID_TEXT'],
    ['a name with a right-to-left override', { email: 'rlo@example.com', password: GOOD_PASSWORD, name: 'Pat \u202eyaP' }, 'input.name', 'INVALID_TEXT'],
    // Nobody proves the email is theirs: a "name" must not make the city's mail to that address carry a stranger's link.
    ['a name holding a web address', { email: 'link@example.com', password: GOOD_PASSWORD, name: 'Pay now at norwalk-water-pay.example.net' }, 'input.name', 'INVALID_NAME'],
  ];
  it.each(cases)('refuses %s with a userError and writes nothing', async (_name, input, field, code) => {
    const before = { users: await countRows(platform, 'norwalk', 'users'), sessions: await countRows(platform, 'norwalk', 'sessions') };
    const response = await norwalk().request<{ register: AuthPayload }>(REGISTER, { input });
    expect(response.status).toBe(200);
    expect(response.data?.register.session).toBeNull();
    expect(response.data?.register.userErrors).toEqual([expect.objectContaining({ field: field.split('.'), code, message: expect.any(String) })]);
    expect({ users: await countRows(platform, 'norwalk', 'users'), sessions: await countRows(platform, 'norwalk', 'sessions') }).toEqual(before);
  });

  it('refuses a duplicate registration (any case of the email) and writes nothing', async () => {
    await registerCustomer(norwalk(), { email: 'dup@example.com' });
    const before = await countRows(platform, 'norwalk', 'users');
    const { register } = await norwalk().data<{ register: AuthPayload }>(REGISTER, { input: { email: 'DUP@example.com', password: GOOD_PASSWORD } });
    expect(register.userErrors).toEqual([expect.objectContaining({ field: ['input', 'email'], code: 'EMAIL_TAKEN' })]);
    expect(await countRows(platform, 'norwalk', 'users')).toBe(before);
  });

  it('says it in Spanish to a Spanish speaker', async () => {
    const { register } = await norwalk()
      .withHeaders({ 'accept-language': 'es' })
      .data<{ register: AuthPayload }>(REGISTER, { input: { email: 'no-es-correo', password: GOOD_PASSWORD } });
    expect(register.userErrors[0]?.message).toMatch(/correo/i);
  });

  it('refuses a garbage or wrong-city refresh token with INVALID_TOKEN', async () => {
    const garbage = await norwalk().data<{ refreshSession: AuthPayload }>(REFRESH, { token: 'not-a-token' });
    expect(garbage.refreshSession).toMatchObject({ session: null, userErrors: [expect.objectContaining({ code: 'INVALID_TOKEN' })] });
    const { session } = await registerCustomer(norwalk(), { email: 'refresh-elsewhere@example.com' });
    const elsewhere = await norman().data<{ refreshSession: AuthPayload }>(REFRESH, { token: session.refreshToken });
    expect(elsewhere.refreshSession.userErrors[0]?.code).toBe('INVALID_TOKEN');
  });

  it('needs a signed-in user for account mutations', async () => {
    const response = await norwalk().request(CHANGE_PASSWORD, { input: { currentPassword: GOOD_PASSWORD, newPassword: 'another fine passphrase' } });
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('a signed-in customer', () => {
  it('updates their profile, with the same checks as registration', async () => {
    const { session } = await registerCustomer(norwalk(), { email: 'profile@example.com' });
    const me = bearer(norwalk(), session);
    const bad = await me.data<{ updateProfile: { user: UserShape | null; userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, { input: { email: 'nope', phone: '12' } });
    expect(bad.updateProfile.user).toBeNull();
    // Every problem at once: a new email also needs the current password.
    expect(bad.updateProfile.userErrors.map((e) => e.code).sort()).toEqual(['INVALID_EMAIL', 'INVALID_PHONE', 'REQUIRED']);

    const good = await me.data<{ updateProfile: { user: UserShape | null; userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, {
      input: { name: 'Pat Profile', phone: '(203) 555-0199', locale: 'ES' },
    });
    expect(good.updateProfile).toMatchObject({ userErrors: [], user: { email: 'profile@example.com', name: 'Pat Profile', phone: '+12035550199', locale: 'ES' } });

    // Taking someone else's email is refused like a duplicate registration.
    await registerCustomer(norwalk(), { email: 'taken-by-other@example.com' });
    const taken = await me.data<{ updateProfile: { userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, { input: { email: 'taken-by-other@example.com', currentPassword: GOOD_PASSWORD } });
    expect(taken.updateProfile.userErrors.map((e) => e.code)).toEqual(['EMAIL_TAKEN']);
  });

  it('is refused a new email that mail cannot be sent to, as at registration', async () => {
    const { session } = await registerCustomer(norwalk(), { email: 'mover@example.com' });
    const moved = await bearer(norwalk(), session).data<{ updateProfile: { user: UserShape | null; userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, {
      input: { email: 'mover@new-example.com;', currentPassword: GOOD_PASSWORD },
    });
    expect({ user: moved.updateProfile.user, errors: moved.updateProfile.userErrors.map((e) => [e.field.join('.'), e.code]) }).toEqual({ user: null, errors: [['input.email', 'INVALID_EMAIL']] });
  });

  it('does not say whether another account has an email until the current password is right', async () => {
    await registerCustomer(norwalk(), { email: 'somebody-else@example.com' });
    const { session } = await registerCustomer(norwalk(), { email: 'prober@example.com' });
    const me = bearer(norwalk(), session);
    const codes = async (input: Record<string, unknown>) =>
      (await me.data<{ updateProfile: { userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, { input })).updateProfile.userErrors.map((e) => [e.field.join('.'), e.code]);
    // An address someone has and one nobody has get the same answer, without a password and with a wrong one.
    for (const currentPassword of [undefined, 'a guess at it']) {
      const taken = await codes({ email: 'somebody-else@example.com', currentPassword });
      expect(taken).toEqual(await codes({ email: 'nobody-has-this@example.com', currentPassword }));
      expect(taken).toEqual([['input.currentPassword', currentPassword ? 'WRONG_PASSWORD' : 'REQUIRED']]);
    }
    expect(await codes({ email: 'somebody-else@example.com', currentPassword: GOOD_PASSWORD })).toEqual([['input.email', 'EMAIL_TAKEN']]);
  });

  it('changes their email only with the current password, and tells the old address', async () => {
    const { session } = await registerCustomer(norwalk(), { email: 'keeps-email@example.com' });
    const me = bearer(norwalk(), session);
    type Updated = { updateProfile: { user: { id: string; email: string; name: string | null } | null; userErrors: UserErrorShape[] } };
    const update = (input: Record<string, unknown>) => me.data<Updated>(UPDATE_PROFILE, { input });
    // A name needs no password; the email sent back unchanged needs none either.
    expect((await update({ name: 'Kim Keeps', email: 'keeps-email@example.com' })).updateProfile.userErrors).toEqual([]);
    const without = await update({ email: 'thief@example.com' });
    expect(without.updateProfile.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'currentPassword'], 'REQUIRED']]);
    const wrong = await update({ email: 'thief@example.com', currentPassword: 'a guess at it' });
    expect(wrong.updateProfile.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'currentPassword'], 'WRONG_PASSWORD']]);
    expect((await me.data<Viewer>(VIEWER)).viewer?.user.email).toBe('keeps-email@example.com');

    // Asked for, the new address waits for its link to be followed (test/customers/email-verification.test.ts).
    const moved = await update({ email: 'Moved-Email@example.com', currentPassword: GOOD_PASSWORD });
    expect(moved.updateProfile).toMatchObject({ user: { email: 'keeps-email@example.com' }, userErrors: [] });
    await followEmailVerification(platform, me, moved.updateProfile.user!.id);
    expect((await me.data<Viewer>(VIEWER)).viewer?.user.email).toBe('moved-email@example.com');
    const notices = await tenantRows<{ recipient: string; template: string; data: Record<string, string> }>(
      platform,
      'norwalk',
      `SELECT recipient, template, data FROM notification_outbox WHERE template = 'EMAIL_CHANGED' AND recipient = 'keeps-email@example.com'`,
    );
    // Neither the name nor the whole new domain: whoever typed them may not be the old address's owner.
    expect(notices).toEqual([{ recipient: 'keeps-email@example.com', template: 'EMAIL_CHANGED', data: { newEmail: 'mo***@ex***.com' } }]);
  });

  it('is refused a name holding a link, as at registration; a name kept from before that rule, sent back unchanged, refuses nothing else', async () => {
    const { session, user } = await registerCustomer(norwalk(), { email: 'named-before@example.com', name: 'Lee Before' });
    const me = bearer(norwalk(), session);
    type Updated = { updateProfile: { user: { name: string | null; phone: string | null } | null; userErrors: UserErrorShape[] } };
    const linked = await me.data<Updated>(UPDATE_PROFILE, { input: { name: 'Lee at lee-pays.example.com' } });
    expect(linked.updateProfile.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([['input.name', 'INVALID_NAME']]);

    const kept = 'Lee (www.lee-before.example)';
    await tenantRows(platform, 'norwalk', 'UPDATE users SET full_name = $1 WHERE id = $2', [kept, user.id]);
    const form = await me.data<Updated>(UPDATE_PROFILE, { input: { name: kept, phone: '(203) 555-0123' } });
    expect(form.updateProfile).toMatchObject({ user: { name: kept, phone: '+12035550123' }, userErrors: [] });
  });

  it('changes their password: the old one stops working and their other sessions end', async () => {
    const { session } = await registerCustomer(norwalk(), { email: 'changer@example.com' });
    const other = await signIn(norwalk(), 'changer@example.com');
    const me = bearer(norwalk(), session);

    const wrong = await me.data<{ changePassword: { userErrors: UserErrorShape[] } }>(CHANGE_PASSWORD, { input: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' } });
    expect(wrong.changePassword.userErrors[0]).toMatchObject({ field: ['input', 'currentPassword'], code: 'WRONG_PASSWORD' });
    const weak = await me.data<{ changePassword: { userErrors: UserErrorShape[] } }>(CHANGE_PASSWORD, { input: { currentPassword: GOOD_PASSWORD, newPassword: 'short' } });
    expect(weak.changePassword.userErrors[0]?.code).toBe('PASSWORD_TOO_SHORT');

    const done = await me.data<{ changePassword: { userErrors: UserErrorShape[] } }>(CHANGE_PASSWORD, { input: { currentPassword: GOOD_PASSWORD, newPassword: 'a brand new passphrase' } });
    expect(done.changePassword.userErrors).toEqual([]);
    expect((await me.data<Viewer>(VIEWER)).viewer).not.toBeNull();
    expect((await bearer(norwalk(), other.session!).request(VIEWER)).status).toBe(401);
    expect((await signIn(norwalk(), 'changer@example.com')).userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
    expect((await signIn(norwalk(), 'changer@example.com', 'a brand new passphrase')).userErrors).toEqual([]);

    const [notice] = await tenantRows<{ template: string }>(platform, 'norwalk', `SELECT template FROM notification_outbox WHERE recipient = 'changer@example.com'`);
    expect(notice?.template).toBe('PASSWORD_CHANGED');
  });

  it('counts wrong current passwords where failed sign-ins count: after 5, even the right password waits to sign in', async () => {
    const { session } = await registerCustomer(norwalk(), { email: 'stolen-session@example.com' });
    // Someone holding the session guesses at the password; each guess from another address, as a spread-out guesser would.
    await guessCurrentPassword(session, 5);
    const login = await norwalk().request(LOGIN, { input: { identifier: 'stolen-session@example.com', password: GOOD_PASSWORD } });
    expect(login.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    const failures = await tenantRows<{ reason: string }>(
      platform,
      'norwalk',
      `SELECT e.detail->>'reason' AS reason FROM security_events e JOIN users u ON u.id = e.user_id WHERE u.email = 'stolen-session@example.com' AND e.kind = 'LOGIN_FAILED'`,
    );
    expect(failures.map((f) => f.reason)).toEqual(Array(5).fill('WRONG_CURRENT_PASSWORD'));
  });

  it('stores a password only as a salted hash', async () => {
    await registerCustomer(norwalk(), { email: 'hash-a@example.com' });
    await registerCustomer(norwalk(), { email: 'hash-b@example.com' });
    const rows = await tenantRows<{ password_hash: string }>(platform, 'norwalk', `SELECT password_hash FROM users WHERE email IN ('hash-a@example.com', 'hash-b@example.com')`);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.password_hash).not.toContain(GOOD_PASSWORD);
    // Same password, different salt, different hash.
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
  });
});

/** Someone holding a Norwalk session guesses `times` wrong current passwords through changePassword. */
async function guessCurrentPassword(session: Parameters<typeof bearer>[1], times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const guess = await bearer(norwalk(), session).data<{ changePassword: { userErrors: UserErrorShape[] } }>(CHANGE_PASSWORD, {
      input: { currentPassword: `guess number ${i}`, newPassword: 'an attacker passphrase' },
    });
    expect(guess.changePassword.userErrors[0]?.code).toBe('WRONG_PASSWORD');
  }
}

describe('a city that switches from email sign-in to usernames', () => {
  const signInBy = (signInIdentifier: 'EMAIL' | 'USERNAME') => changeCitySettings(platform, 'norwalk', { signInIdentifier });

  it('still signs in, by email, everyone who registered without a username; a username signs in its own user only', async () => {
    await registerCustomer(norwalk(), { email: 'rosa.switch@example.com' });
    await signInBy('USERNAME');
    try {
      expect((await signIn(norwalk(), 'Rosa.Switch@example.com')).session).toBeTruthy();
      expect((await signIn(norwalk(), 'rosa.switch@example.com', 'not-the-password-1A!')).userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
    } finally {
      await signInBy('EMAIL');
    }
    // Where a user has a username, their email is no way in at a city of usernames.
    await registerCustomer(norman(), { username: 'switch_resident', email: 'switch@example.com', name: 'Switch Resident', phone: '405-555-0143' });
    expect((await signIn(norman(), 'switch@example.com')).userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
    expect((await signIn(norman(), 'switch_resident')).session).toBeTruthy();
  });

  it('counts the wrong current passwords of one who still signs in by email where their sign-ins count', async () => {
    const { session } = await registerCustomer(norwalk(), { email: 'ida.switch@example.com' });
    await signInBy('USERNAME');
    try {
      await guessCurrentPassword(session, 5);
      // Before, they were counted under the user's id, and sign-in by email still had all of its guesses.
      const login = await norwalk().request(LOGIN, { input: { identifier: 'ida.switch@example.com', password: GOOD_PASSWORD } });
      expect(login.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await signInBy('EMAIL');
    }
  });
});
