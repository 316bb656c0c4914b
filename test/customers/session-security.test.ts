import { signAccessToken } from '@platform/auth';
import { CLOSE_TENANT_REQUIRED, CLOSE_UNAUTHENTICATED } from '@platform/gateway';
import { FixedClock, TEST_SESSION_SETTINGS, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { GOOD_PASSWORD, LOGIN, REFRESH, REQUEST_RESET, RESET, VIEWER, bearer, latestToken, registerCustomer, signIn, tenantRows, type AuthPayload, type SessionShape } from './customer-api';

const clock = new FixedClock(new Date('2026-11-23T15:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
});
afterAll(() => platform.close());

const TENANT_REQUIRED = "Tell us which city: the x-tenant header, the city's own address, or connectionParams.tenant (WebSocket).";

/** Every secret this file handles; the last test checks that none reached the logs. */
const secrets = new Set<string>([GOOD_PASSWORD]);
const remember = (session: SessionShape | null | undefined) => {
  if (session) [session.accessToken, session.refreshToken].forEach((value) => secrets.add(value));
  return session;
};

let nextAddress = 1;
const from = (slug: string, address = `198.51.100.${nextAddress++}`) => platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': address });

async function customer(email: string): Promise<SessionShape> {
  const { session } = await registerCustomer(from('norwalk'), { email });
  return remember(session)!;
}

describe('access tokens', () => {
  it('refuses a Norwalk token on a Norman request, over HTTP and WebSocket', async () => {
    const session = await customer('wanderer@example.com');
    const response = await bearer(from('norman'), session).request(VIEWER);
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'WRONG_TENANT' });

    const socket = bearer(platform.client.asTenant('norman'), session).openSocket();
    await expect(socket.collect(VIEWER)).rejects.toBeDefined();
    expect(socket.closes[0]?.code).toBe(CLOSE_UNAUTHENTICATED);
    await socket.close();
  });

  it("tells a signed-in request that names no city to name it (TENANT_REQUIRED), over HTTP and WebSocket, not that the session is another city's", async () => {
    // Found by the live-events attacker: a console that forgot connectionParams.tenant was told its session belonged to another city and to sign in
    // again, which changed nothing; closed with 4403, graphql-ws clients also retried it for ever.
    const session = await customer('cityless@example.com');
    const response = await bearer(platform.client.asTenant(null), session).request(VIEWER);
    expect(response.status).toBe(400);
    expect(response.errors?.map((e) => [e.message, e.extensions])).toEqual([[TENANT_REQUIRED, { code: 'TENANT_REQUIRED' }]]);

    const socket = bearer(platform.client.asTenant(null), session).openSocket();
    await expect(socket.collect(VIEWER)).rejects.toBeDefined();
    expect(socket.closes).toEqual([{ code: CLOSE_TENANT_REQUIRED, reason: `TENANT_REQUIRED: ${TENANT_REQUIRED}` }]);
    await socket.close();
  });

  it('serves the viewer over WebSocket with a good token', async () => {
    const session = await customer('socket@example.com');
    const socket = bearer(platform.client.asTenant('norwalk'), session).openSocket();
    try {
      const [result] = await socket.collect<{ viewer: { user: { email: string } } }>(VIEWER);
      expect(result?.data?.viewer.user.email).toBe('socket@example.com');
    } finally {
      await socket.close();
    }
  });

  it('refuses a token signed with another key, or altered after signing', async () => {
    const session = await customer('forger@example.com');
    const [user] = await tenantRows<{ id: string; tenant_id: string }>(platform, 'norwalk', `SELECT id, tenant_id FROM users WHERE email = 'forger@example.com'`);
    const [sessionRow] = await tenantRows<{ id: string }>(platform, 'norwalk', 'SELECT id FROM sessions WHERE user_id = $1', [user!.id]);
    const claims = { tenantId: user!.tenant_id, userId: user!.id, sessionId: sessionRow!.id, roles: ['ADMIN'] };
    const otherKey = await signAccessToken(claims, { ...TEST_SESSION_SETTINGS, secret: new TextEncoder().encode('some-other-secret-0123456789abcdefgh'), now: clock.now(), ttlSeconds: 600 });
    const forged = await platform.client
      .asTenant('norwalk')
      .withHeaders({ authorization: `Bearer ${otherKey}` })
      .request(VIEWER);
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });

    // Swap in a payload claiming ADMIN, keeping the real signature.
    const [header, , signature] = session.accessToken.split('.');
    const payload = Buffer.from(JSON.stringify({ ...claims, sub: user!.id, tid: user!.tenant_id, sid: sessionRow!.id, exp: 4102444800 })).toString('base64url');
    const altered = await platform.client
      .asTenant('norwalk')
      .withHeaders({ authorization: `Bearer ${header}.${payload}.${signature}` })
      .request(VIEWER);
    expect(altered.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });

  it('expires an access token after 15 minutes; the refresh token still renews it', async () => {
    const session = await customer('sleepy@example.com');
    clock.advance(15 * 60 * 1000 + 1000);
    const expired = await bearer(from('norwalk'), session).request(VIEWER);
    expect(expired.status).toBe(401);
    expect(expired.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });

    const { refreshSession } = await from('norwalk').data<{ refreshSession: AuthPayload }>(REFRESH, { token: session.refreshToken });
    remember(refreshSession.session);
    expect((await bearer(from('norwalk'), refreshSession.session!).data<{ viewer: unknown }>(VIEWER)).viewer).not.toBeNull();
  });
});

describe('refresh tokens', () => {
  it('revokes the whole family when a used refresh token comes back', async () => {
    const first = await customer('copied@example.com');
    const { refreshSession: second } = await from('norwalk').data<{ refreshSession: AuthPayload }>(REFRESH, { token: first.refreshToken });
    remember(second.session);

    // Someone replays the first refresh token: refused, and the legitimate holder's newer tokens die with it.
    const replay = await from('norwalk').data<{ refreshSession: AuthPayload }>(REFRESH, { token: first.refreshToken });
    expect(replay.refreshSession.userErrors[0]?.code).toBe('INVALID_TOKEN');
    const newer = await from('norwalk').data<{ refreshSession: AuthPayload }>(REFRESH, { token: second.session!.refreshToken });
    expect(newer.refreshSession.userErrors[0]?.code).toBe('INVALID_TOKEN');
    expect((await bearer(from('norwalk'), second.session!).request(VIEWER)).status).toBe(401);

    const [event] = await tenantRows<{ kind: string }>(platform, 'norwalk', `SELECT kind FROM security_events WHERE kind = 'REFRESH_TOKEN_REUSED'`);
    expect(event?.kind).toBe('REFRESH_TOKEN_REUSED');
  });

  it('lets exactly one of two concurrent refreshes with the same token through, then treats the other as reuse', async () => {
    const session = await customer('racer@example.com');
    const results = await Promise.all([1, 2].map(() => from('norwalk').data<{ refreshSession: AuthPayload }>(REFRESH, { token: session.refreshToken })));
    results.forEach((result) => remember(result.refreshSession.session));
    const winners = results.flatMap((result) => (result.refreshSession.session ? [result.refreshSession.session] : []));
    expect(winners).toHaveLength(1);
    // The row lock serialised them: the loser saw a used token, so the family is revoked.
    expect((await bearer(from('norwalk'), winners[0]!).request(VIEWER)).status).toBe(401);
  });
});

describe('the session’s end (WCAG 2.2.1: warned, a person may ask for more time)', () => {
  const EXTEND = `mutation Extend($token: String!) { refreshSession(refreshToken: $token, extend: true) { session { accessToken refreshToken refreshTokenExpiresAt } userErrors { field code message } } }`;
  const LIFETIME_MS = TEST_SESSION_SETTINGS.refreshTokenTtlSeconds * 1000;

  it('keeps a session’s end where sign-in put it however often it is refreshed, and ends it there', async () => {
    const session = await customer('refreshed.often@example.com');
    const signedInAt = clock.now().getTime();
    clock.advance(LIFETIME_MS / 2);
    const { refreshSession } = await from('norwalk').data<{ refreshSession: AuthPayload }>(REFRESH, { token: session.refreshToken });
    remember(refreshSession.session);
    expect(Date.parse(refreshSession.session!.refreshTokenExpiresAt)).toBe(signedInAt + LIFETIME_MS);
    clock.advance(LIFETIME_MS / 2);
    const ended = await from('norwalk').data<{ refreshSession: AuthPayload }>(REFRESH, { token: refreshSession.session!.refreshToken });
    expect(ended.refreshSession.userErrors.map((error) => error.code)).toEqual(['INVALID_TOKEN']);
  });

  it('moves the end a whole lifetime on when the person asks for more time as it nears, records it, and the session lives on past its first end', async () => {
    const session = await customer('stays.signed.in@example.com');
    clock.advance(LIFETIME_MS - 60_000);
    const { refreshSession: extended } = await from('norwalk').data<{ refreshSession: AuthPayload }>(EXTEND, { token: session.refreshToken });
    remember(extended.session);
    expect(extended.userErrors).toEqual([]);
    expect(Date.parse(extended.session!.refreshTokenExpiresAt)).toBe(clock.now().getTime() + LIFETIME_MS);

    clock.advance(120_000);
    const after = await from('norwalk').data<{ refreshSession: AuthPayload }>(REFRESH, { token: extended.session!.refreshToken });
    remember(after.refreshSession.session);
    expect(after.refreshSession.userErrors).toEqual([]);
    expect((await bearer(from('norwalk'), after.refreshSession.session!).data<{ viewer: unknown }>(VIEWER)).viewer).not.toBeNull();

    const events = await tenantRows<{ kind: string; extended_to: string }>(
      platform,
      'norwalk',
      `SELECT kind, detail->>'extendedTo' AS extended_to FROM security_events WHERE detail->>'extendedTo' IS NOT NULL`,
    );
    expect(events).toEqual([{ kind: 'SESSION_REFRESHED', extended_to: extended.session!.refreshTokenExpiresAt }]);
  });

  it('does not bring an ended session back: more time asked after its end is INVALID_TOKEN', async () => {
    const session = await customer('too.late@example.com');
    clock.advance(LIFETIME_MS + 1000);
    const { refreshSession } = await from('norwalk').data<{ refreshSession: AuthPayload }>(EXTEND, { token: session.refreshToken });
    expect(refreshSession.userErrors.map((error) => error.code)).toEqual(['INVALID_TOKEN']);
  });
});

describe('sign-in abuse limits', () => {
  it('locks an account for 15 minutes after 5 wrong passwords, even against the right one', async () => {
    await customer('target@example.com');
    for (let i = 0; i < 5; i++) {
      const attempt = await signIn(from('norwalk'), 'target@example.com', `wrong guess number ${i}`);
      expect(attempt.userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
    }
    // Each attempt came from a different address: the per-account limit is what stops this.
    const locked = await from('norwalk').request<{ login: AuthPayload }>(LOGIN, { input: { identifier: 'target@example.com', password: GOOD_PASSWORD } });
    expect(locked.data?.login ?? null).toBeNull();
    expect(locked.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number), reason: 'SIGN_IN_FAILURES' });
    expect(locked.errors?.[0]?.message).toBe('Too many attempts. Please wait 15 minutes and try again.');

    // Other accounts are not affected, and the lock lifts when the window ends.
    await customer('bystander@example.com');
    expect((await signIn(from('norwalk'), 'bystander@example.com')).userErrors).toEqual([]);
    clock.advance(15 * 60 * 1000 + 1000);
    const after = await signIn(from('norwalk'), 'target@example.com');
    expect(after.userErrors).toEqual([]);
    remember(after.session);
  });

  it('limits one address guessing across many accounts', async () => {
    const attacker = from('norwalk', '192.0.2.66');
    for (let i = 0; i < 20; i++) await signIn(attacker, `victim${i}@example.com`, 'wrong guess');
    const limited = await attacker.request(LOGIN, { input: { identifier: 'victim99@example.com', password: 'wrong guess' } });
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // The same guesses at another city count separately.
    expect((await signIn(from('norman', '192.0.2.66'), 'victim99', 'wrong guess')).userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
  });

  it('records failures and the lock in the audit trail', async () => {
    const kinds = await tenantRows<{ kind: string; n: string }>(platform, 'norwalk', `SELECT kind, count(*) AS n FROM security_events GROUP BY kind`);
    const count = Object.fromEntries(kinds.map((row) => [row.kind, Number(row.n)]));
    expect(count.LOGIN_FAILED).toBeGreaterThanOrEqual(25);
    expect(count.RATE_LIMITED).toBeGreaterThanOrEqual(2);
  });
});

describe('logs', () => {
  it('never contain a password, an access or refresh token, or a reset token', async () => {
    // One more flow through every secret-carrying path, including a failed login and a reset.
    await customer('logged@example.com');
    await signIn(from('norwalk'), 'logged@example.com', 'a wrong secret passphrase');
    secrets.add('a wrong secret passphrase');
    await from('norwalk').data(REQUEST_RESET, { input: { identifier: 'logged@example.com' } });
    const resetToken = await latestToken(platform, 'norwalk', 'logged@example.com', 'PASSWORD_RESET');
    secrets.add(resetToken);
    await from('norwalk').data(RESET, { input: { token: resetToken, newPassword: 'the reset passphrase here' } });
    secrets.add('the reset passphrase here');

    const logs = platform.logLines().join('\n');
    expect(logs.length).toBeGreaterThan(1000);
    expect(secrets.size).toBeGreaterThan(10);
    for (const secret of secrets) expect(logs.includes(secret)).toBe(false);
  });
});
