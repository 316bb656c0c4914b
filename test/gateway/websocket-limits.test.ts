import { CLOSE_SESSION_ENDED } from '@platform/gateway';
import { withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { CHANGE_PASSWORD, CREATE_STAFF, GOOD_PASSWORD, LOGOUT, LOGOUT_EVERYWHERE, REFRESH, RESET, bearer, latestToken, signIn, type SessionShape } from '../customers/customer-api';
import { once, rawSocket, retryUntil } from './edge-api';

// Small limits, so each can be reached; clients pose as different addresses through X-Forwarded-For.
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({
    trustProxy: true,
    webSocketLimits: { maxConnectionsPerAddress: 3, maxOperationsPerSocket: 2, connectionInitTimeoutMs: 300, sessionRecheckIntervalMs: 500 },
  });
});
afterAll(() => platform.close());

let addresses = 0;
/** A graphql-ws client from an address of its own. */
function clientFrom(address: string, connectionParams: Record<string, unknown>): Client {
  const Impl = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { 'x-forwarded-for': address } });
    }
  };
  return createClient({ url: platform.client.wsUrl, webSocketImpl: Impl, retryAttempts: 0, lazy: false, connectionParams });
}
const nextAddress = () => `10.20.0.${++addresses}`;

describe('WebSocket limits', () => {
  it('refuses a fourth connection from one address (HTTP 429 at the upgrade) and takes it again once one closes', async () => {
    const address = nextAddress();
    const open = [await rawSocket(platform.client.wsUrl, { 'x-forwarded-for': address })];
    open.push(await rawSocket(platform.client.wsUrl, { 'x-forwarded-for': address }));
    open.push(await rawSocket(platform.client.wsUrl, { 'x-forwarded-for': address }));
    await expect(rawSocket(platform.client.wsUrl, { 'x-forwarded-for': address })).rejects.toThrow('upgrade refused: 429');
    // Another address is not affected.
    const other = await rawSocket(platform.client.wsUrl, { 'x-forwarded-for': nextAddress() });
    other.close();
    const first = open.shift()!;
    await new Promise((resolve) => (first.once('close', resolve), first.close()));
    const again = await rawSocket(platform.client.wsUrl, { 'x-forwarded-for': address });
    for (const socket of [...open, again]) socket.close();
  });

  it('counts an IPv6 client by its /64 network: a fourth connection from another address of it is refused', async () => {
    const open = await Promise.all(['2001:db8:9:9::1', '2001:db8:9:9::2', '2001:db8:9:9::3'].map((address) => rawSocket(platform.client.wsUrl, { 'x-forwarded-for': address })));
    await expect(rawSocket(platform.client.wsUrl, { 'x-forwarded-for': '2001:db8:9:9::4' })).rejects.toThrow('upgrade refused: 429');
    const nextDoor = await rawSocket(platform.client.wsUrl, { 'x-forwarded-for': '2001:db8:9:a::1' });
    for (const socket of [...open, nextDoor]) socket.close();
  });

  it('closes a socket that sends no connection_init in time (4408)', async () => {
    const socket = await rawSocket(platform.client.wsUrl, { 'x-forwarded-for': nextAddress() });
    const [code] = await new Promise<[number, string]>((resolve) => socket.once('close', (c, reason) => resolve([c, reason.toString()])));
    expect(code).toBe(4408);
  });

  it('refuses a third operation while two run on one socket, and takes one again when one ends', async () => {
    const staff = await staffSession('SUPPORT');
    const socket = clientFrom(nextAddress(), { tenant: 'norwalk', authorization: `Bearer ${staff.session.accessToken}` });
    try {
      const feed = 'subscription { paymentFeed { cursor } }';
      const stops = [0, 1].map(() => socket.subscribe({ query: feed }, { next: () => undefined, error: () => undefined, complete: () => undefined }));
      const third = await new Promise<unknown>((resolve) => socket.subscribe({ query: feed }, { next: resolve, error: resolve, complete: () => resolve('complete') }));
      expect(third).toEqual([expect.objectContaining({ message: expect.stringContaining('2'), extensions: { code: 'RATE_LIMITED', reason: 'SOCKET_OPERATIONS', limit: 2 } })]);
      stops[0]!();
      // The slot is free once the server has read the client's `complete`, which a moment may separate from here.
      expect(await retryUntil(() => once(socket, '{ __typename }').catch(() => null))).toEqual({ data: { __typename: 'Query' } });
      stops[1]!();
    } finally {
      await socket.dispose();
    }
  });
});

describe('a session that ends ends its subscriptions', () => {
  const FEED = 'subscription { paymentFeed { cursor } }';

  /** Opens a staff socket with a live feed: `ready` once the gateway has accepted (and registered) it, `closed` when the server closes it. */
  function watchFeed(accessToken: string): { ready: Promise<void>; closed: Promise<{ code: number; reason: string }>; dispose(): Promise<void> } {
    let resolveClosed: (value: { code: number; reason: string }) => void = () => undefined;
    let resolveReady: () => void = () => undefined;
    const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
    const ready = new Promise<void>((resolve) => (resolveReady = resolve));
    const Impl = class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { 'x-forwarded-for': nextAddress() } });
      }
    };
    const client = createClient({
      url: platform.client.wsUrl,
      webSocketImpl: Impl,
      retryAttempts: 0,
      connectionParams: { tenant: 'norwalk', authorization: `Bearer ${accessToken}` },
      on: { connected: () => resolveReady(), closed: (event) => resolveClosed({ code: (event as { code: number }).code, reason: (event as { reason: string }).reason }) },
    });
    client.subscribe({ query: FEED }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    return { ready, closed, dispose: async () => client.dispose() };
  }

  it('on logout: the socket closes with 4401 and says why', async () => {
    const staff = await staffSession('SUPPORT');
    const feed = watchFeed(staff.session.accessToken);
    await feed.ready;
    await staff.client.data(LOGOUT, {});
    expect(await feed.closed).toEqual({ code: CLOSE_SESSION_ENDED, reason: expect.stringMatching(/^SESSION_ENDED: /) });
    await feed.dispose();
  });

  it("on a password change: the user's other sessions' sockets close, the one that changed it stays", async () => {
    const staff = await staffSession('SUPPORT');
    const other = await signIn(platform.client.asTenant('norwalk'), staff.email);
    const otherFeed = watchFeed(other.session!.accessToken);
    const ownFeed = watchFeed(staff.session.accessToken);
    await Promise.all([otherFeed.ready, ownFeed.ready]);
    const changed = await staff.client.data<{ changePassword: { userErrors: unknown[] } }>(CHANGE_PASSWORD, { input: { currentPassword: GOOD_PASSWORD, newPassword: 'another good pass phrase' } });
    expect(changed.changePassword.userErrors).toEqual([]);
    expect((await otherFeed.closed).code).toBe(CLOSE_SESSION_ENDED);
    expect(await Promise.race([ownFeed.closed, new Promise((resolve) => setTimeout(() => resolve('still open'), 1000))])).toBe('still open');
    await otherFeed.dispose();
    await ownFeed.dispose();
  });

  it("on signing out everywhere: every one of the user's sockets closes, the asking session's too", async () => {
    const staff = await staffSession('SUPPORT');
    const other = await signIn(platform.client.asTenant('norwalk'), staff.email);
    const otherFeed = watchFeed(other.session!.accessToken);
    const ownFeed = watchFeed(staff.session.accessToken);
    await Promise.all([otherFeed.ready, ownFeed.ready]);
    expect((await staff.client.data<{ logoutEverywhere: { userErrors: unknown[] } }>(LOGOUT_EVERYWHERE)).logoutEverywhere.userErrors).toEqual([]);
    expect([(await otherFeed.closed).code, (await ownFeed.closed).code]).toEqual([CLOSE_SESSION_ENDED, CLOSE_SESSION_ENDED]);
    await otherFeed.dispose();
    await ownFeed.dispose();
  });

  it('on revocation (a refresh token used twice revokes the session)', async () => {
    const staff = await staffSession('SUPPORT');
    const feed = watchFeed(staff.session.accessToken);
    await feed.ready;
    await platform.client.asTenant('norwalk').data(REFRESH, { token: staff.session.refreshToken });
    await platform.client.asTenant('norwalk').data(REFRESH, { token: staff.session.refreshToken });
    expect((await feed.closed).code).toBe(CLOSE_SESSION_ENDED);
    await feed.dispose();
  });

  it('even when no notification came (the periodic re-check finds it)', async () => {
    const staff = await staffSession('SUPPORT');
    const feed = watchFeed(staff.session.accessToken);
    await feed.ready;
    // As a replica would apply it: no trigger fires, so no notification is sent.
    const url = new URL(platform.settings.adminUrl);
    url.pathname = `/${platform.settings.databaseName}`;
    await withClient(url.toString(), async (admin) => {
      await admin.query(`SET session_replication_role = replica`);
      const updated = await admin.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'TEST' WHERE revoked_at IS NULL AND user_id = $1`, [staff.userId]);
      expect(updated.rowCount).toBe(1);
    });
    expect((await feed.closed).code).toBe(CLOSE_SESSION_ENDED);
    await feed.dispose();
  });
});

let staffCount = 0;
/** A staff member of Norwalk, signed in: their client, session, email and user id. */
async function staffSession(role: 'ADMIN' | 'SUPPORT') {
  const email = `ws-staff-${++staffCount}@norwalk.example`;
  const created = await platform.operator.asTenant('norwalk').data<{ createStaffUser: { user: { id: string } } }>(CREATE_STAFF, { input: { email, name: `WS Staff ${staffCount}`, role } });
  await platform.client.asTenant('norwalk').data(RESET, { input: { token: await latestToken(platform, 'norwalk', email, 'STAFF_INVITATION'), newPassword: GOOD_PASSWORD } });
  const login = await signIn(platform.client.asTenant('norwalk'), email);
  const session = login.session as SessionShape;
  return { client: bearer(platform.client.asTenant('norwalk'), session), session, email, userId: created.createStaffUser.user.id };
}
