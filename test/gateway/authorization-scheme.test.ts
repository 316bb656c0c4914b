import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import WebSocket from 'ws';
import { LOGOUT, VIEWER, bearer, registerCustomer, type UserErrorShape } from '../customers/customer-api';

/*
 * request-context.ts promises "Any other bearer credential must be a valid session of this city; a bad one fails
 * the request (401), never downgrades to a guest". bearerToken() used to know only `Bearer <token>` spelt exactly so:
 * an Authorization header in any other shape (the scheme in lower case, which RFC 7235 says is case-insensitive;
 * the token with no scheme; two spaces) was silently ignored and the request ran as a guest with 200. The worst of
 * it: `logout` sent so answered success with no userErrors, and the session it was meant to end stayed open.
 * Now the scheme is read in any case with any run of spaces or tabs after it (RFC 7235's 1*SP), and anything else
 * sent as a credential is refused as a bad token is, over HTTP and in graphql-ws connectionParams.
 */

let platform: TestPlatform;
beforeAll(async () => {
  // Behind a trusted proxy, so each registration comes from an address of its own (10 per address per hour).
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

type Viewer = { viewer: { user: { id: string } } | null };
type Logout = { logout: { userErrors: UserErrorShape[] } };

let addresses = 0;
const norwalk = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${++addresses}` });
const someone = (label: string) => registerCustomer(norwalk(), { email: `${label}-${Math.random().toString(36).slice(2)}@example.com` });

/** What a credential sent over HTTP got: the status, the viewer it ran as, and the refusal's code and reason. */
async function asked(authorization: string) {
  const answer = await norwalk().withHeaders({ authorization }).request<Viewer>(VIEWER);
  const error = answer.errors?.[0]?.extensions;
  return { status: answer.status, viewer: answer.data?.viewer?.user.id ?? null, code: error?.code ?? null, reason: reasonOf(error) };
}

/** `extensions.reason` of a refusal (the client's type knows only `code`). */
const reasonOf = (extensions: { code?: string } | undefined) => (extensions && 'reason' in extensions ? extensions.reason : null);

/** Opens a graphql-ws socket to Norwalk with these connectionParams: "ack", or its close code and the reason's code. */
function connect(payload: Record<string, unknown>): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(platform.client.wsUrl, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { tenant: 'norwalk', ...payload } })));
    socket.on('message', (data: Buffer) => {
      resolve((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack' ? 'ack' : data.toString());
      socket.close();
    });
    socket.on('close', (code: number, reason: Buffer) => resolve(`${code} ${reason.toString().split(':')[0]}`));
    socket.on('error', () => undefined);
  });
}

describe('an Authorization header in another shape than "Bearer <token>"', () => {
  it('"bearer <token>" (the scheme is case-insensitive) signs the request in, as "Bearer <token>" does', async () => {
    const { session, user } = await registerCustomer(norwalk(), { email: 'lower-bearer@example.com' });
    const answer = await norwalk()
      .withHeaders({ authorization: `bearer ${session.accessToken}` })
      .request<Viewer>(VIEWER);
    expect({ status: answer.status, viewer: answer.data?.viewer?.user.id ?? null }).toEqual({ status: 200, viewer: user.id });
  });

  it.each([
    ['two spaces after Bearer', (token: string) => `Bearer  ${token}`],
    ['a tab after Bearer', (token: string) => `Bearer\t${token}`],
    ['the scheme in capitals', (token: string) => `BEARER ${token}`],
  ])('%s signs the request in too (RFC 7235: one or more spaces after the scheme)', async (_label, header) => {
    const { session, user } = await someone('spaced-bearer');
    expect(await asked(header(session.accessToken))).toEqual({ status: 200, viewer: user.id, code: null, reason: null });
  });

  it.each([
    ['the token with no scheme', (token: string) => token],
    ['another scheme', () => `Basic ${Buffer.from('resident:secret').toString('base64')}`],
    ['the scheme with no token', () => 'Bearer'],
    ['two words after the scheme', (token: string) => `Bearer ${token} ${token}`],
    ['an empty header', () => ''],
  ])('%s is refused with 401 UNAUTHENTICATED (TOKEN_INVALID), never served as a guest', async (_label, header) => {
    const { session } = await someone('odd-auth');
    expect(await asked(header(session.accessToken))).toEqual({ status: 401, viewer: null, code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });

  it('the refusal has no data and says what to send, in the request’s language', async () => {
    const { session } = await someone('odd-auth-body');
    const answer = await norwalk().withHeaders({ authorization: session.accessToken, 'accept-language': 'es' }).request<Viewer>(VIEWER);
    expect({ data: answer.data ?? null, message: answer.errors?.[0]?.message }).toEqual({ data: null, message: expect.stringMatching(/encabezado Authorization.*"Bearer"/) });
  });
});

describe('connectionParams.authorization over graphql-ws', () => {
  it('"bearer <token>" signs the socket in', async () => {
    const { session, user } = await someone('socket-bearer');
    const socket = norwalk()
      .withHeaders({ authorization: `bearer ${session.accessToken}` })
      .openSocket();
    try {
      expect(await socket.collect<Viewer>(VIEWER)).toEqual([{ data: { viewer: expect.objectContaining({ user: expect.objectContaining({ id: user.id }) }) } }]);
    } finally {
      await socket.close();
    }
  });

  it('a credential that is not a bearer one closes the socket with 4403 UNAUTHENTICATED, not a guest socket', async () => {
    const { session } = await someone('socket-odd');
    for (const authorization of [session.accessToken, `Basic ${session.accessToken}`, '', 42, { token: session.accessToken }]) {
      expect([authorization, await connect({ authorization })]).toEqual([authorization, '4403 UNAUTHENTICATED']);
    }
  });

  it('no credential (absent or null) is a guest socket, as before', async () => {
    expect([await connect({}), await connect({ authorization: null })]).toEqual(['ack', 'ack']);
  });
});

describe('logout', () => {
  it('sent with "bearer <token>" ends the session, and says nothing went wrong only because it did', async () => {
    const { session } = await someone('lower-logout');
    const logout = await norwalk()
      .withHeaders({ authorization: `bearer ${session.accessToken}` })
      .request<Logout>(LOGOUT, {});
    const afterwards = await bearer(norwalk(), session).request<Viewer>(VIEWER);
    const sessionEnded = afterwards.status === 401;
    const logoutRefused = logout.status === 401 || (logout.data?.logout.userErrors.length ?? 0) > 0;
    // Either the logout ended the session, or it said it could not: never "done" with the session still open.
    expect({ logoutAnswer: logout.data ?? logout.errors, sessionEnded: sessionEnded || logoutRefused }).toEqual({ logoutAnswer: expect.anything(), sessionEnded: true });
    // And now precisely: it did end it.
    expect({ status: logout.status, userErrors: logout.data?.logout.userErrors }).toEqual({ status: 200, userErrors: [] });
    expect({ status: afterwards.status, reason: reasonOf(afterwards.errors?.[0]?.extensions) }).toEqual({ status: 401, reason: 'SESSION_ENDED' });
  });

  it('by a guest with no refresh token is REQUIRED at refreshToken: there is no session it could have ended', async () => {
    const logout = await norwalk().data<Logout>(LOGOUT, {});
    expect(logout.logout.userErrors).toEqual([{ field: ['refreshToken'], code: 'REQUIRED', message: expect.stringContaining('session') }]);
    const blank = await norwalk().data<Logout>(LOGOUT, { token: '' });
    expect(blank.logout.userErrors.map(({ field, code }) => ({ field, code }))).toEqual([{ field: ['refreshToken'], code: 'REQUIRED' }]);
  });

  it('by a guest with a refresh token ends that session, with no userErrors', async () => {
    const { session } = await someone('refresh-logout');
    const logout = await norwalk().data<Logout>(LOGOUT, { token: session.refreshToken });
    expect(logout.logout.userErrors).toEqual([]);
    expect((await bearer(norwalk(), session).request<Viewer>(VIEWER)).status).toBe(401);
  });
});
