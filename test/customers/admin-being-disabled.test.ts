import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { CREATE_STAFF, GOOD_PASSWORD, RESET, VIEWER, bearer, latestToken, signIn, tenantRows, type UserErrorShape } from './customer-api';
import { demoStaffClient } from './demo-staff';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const DISABLE = `mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { user { id disabledAt } userErrors { field code } } }`;
const ENABLE = `mutation Enable($userId: UUID!) { enableStaffUser(userId: $userId) { user { id disabledAt } userErrors { field code } } }`;
const RESEND = `mutation Resend($userId: UUID!) { resendStaffInvitation(userId: $userId) { user { id } userErrors { field code } } }`;
type Payload = { user: { id: string; disabledAt: string | null } | null; userErrors: UserErrorShape[] };

async function signedIn(identifier: string, password = GOOD_PASSWORD): Promise<GraphQLTestClient> {
  const login = await signIn(platform.client.asTenant('norwalk'), identifier, password);
  if (!login.session) throw new Error(`${identifier} could not sign in: ${JSON.stringify(login.userErrors)}`);
  return bearer(platform.client.asTenant('norwalk'), login.session);
}

/** Holds the user's session rows (as a slow commit would) until the returned function lets them go. */
const holdSessions = (userId: string) => holdRows(platform.db, 'norwalk', 'SELECT 1 FROM sessions WHERE user_id = $1 FOR UPDATE', [userId]);

type Created = { createStaffUser: { user: { id: string } | null; userErrors: UserErrorShape[] } };

let rogues = 0;

/** A second ADMIN of Norwalk, numbered (no two staff of a city share a name), added by the demo ADMIN, who accepted the invitation and is signed in. */
async function rogueAdmin(adam: GraphQLTestClient, email: string): Promise<{ rogue: GraphQLTestClient; rogueId: string }> {
  rogues += 1;
  const { createStaffUser } = await adam.data<Created>(CREATE_STAFF, { input: { email, name: `Rogue Admin ${rogues}`, role: 'ADMIN' } });
  const rogueId = createStaffUser.user!.id;
  const token = await latestToken(platform, 'norwalk', email, 'STAFF_INVITATION');
  await platform.client.asTenant('norwalk').data(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  const rogue = await signedIn(email);
  expect((await rogue.data<{ viewer: { roles: string[] } }>(VIEWER)).viewer.roles).toEqual(['ADMIN']);
  return { rogue, rogueId };
}

/**
 * Adam takes Rogue's access away; the change is under way (it holds Rogue's session rows) when a request of Rogue's
 * arrives, authenticated while the session was still open. The request, let in before the disable and run after it,
 * must be refused as no longer an ADMIN's.
 */
async function requestWhileBeingDisabled(email: string, query: string, variables: (rogueId: string) => Record<string, unknown>): Promise<string> {
  const adam = await demoStaffClient(platform, 'norwalk', 'ADMIN');
  const { rogue, rogueId } = await rogueAdmin(adam, email);
  const letGo = await holdSessions(rogueId);
  let disableDone = false;
  const disabling = adam.data<{ disableStaffUser: Payload }>(DISABLE, { userId: rogueId }).finally(() => (disableDone = true));
  await untilWaitingOnLocks(platform.db, '%UPDATE "sessions"%', { finished: () => disableDone });
  let requestDone = false;
  const request = rogue.request(query, variables(rogueId)).finally(() => (requestDone = true));
  await untilWaitingOnLocks(platform.db, '%FOR UPDATE%', { finished: () => requestDone });
  await letGo();
  expect((await disabling).disableStaffUser.userErrors).toEqual([]);
  expect((await request).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  // The disable sticks: Rogue cannot sign in again.
  expect((await signIn(platform.client.asTenant('norwalk'), email)).userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
  return rogueId;
}

it('an ADMIN whose access is being taken away cannot undo it with a request of their own already under way', async () => {
  const rogueId = await requestWhileBeingDisabled('rogue.admin@norwalk.example', ENABLE, (userId) => ({ userId }));
  const [row] = await tenantRows<{ disabled: boolean }>(platform, 'norwalk', 'SELECT disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1', [rogueId]);
  const enabledBy = await tenantRows<{ actor: string }>(platform, 'norwalk', `SELECT actor FROM security_events WHERE kind = 'STAFF_ENABLED' AND user_id = $1`, [rogueId]);
  expect({ disabled: row?.disabled, enabledBy: enabledBy.map((e) => e.actor) }).toEqual({ disabled: true, enabledBy: [] });
});

it('nor add an ADMIN of their own to come back through', async () => {
  const backdoor = 'backdoor.admin@norwalk.example';
  await requestWhileBeingDisabled('rogue.two@norwalk.example', CREATE_STAFF, () => ({ input: { email: backdoor, name: 'Back Door', role: 'ADMIN' } }));
  expect(await tenantRows(platform, 'norwalk', 'SELECT id FROM users WHERE email = $1', [backdoor])).toEqual([]);
});

it('nor send a pending invitation again to an address they hold', async () => {
  const adam = await demoStaffClient(platform, 'norwalk', 'ADMIN');
  const pending = 'pending.admin@norwalk.example';
  const { createStaffUser } = await adam.data<Created>(CREATE_STAFF, { input: { email: pending, name: 'Pending Admin', role: 'ADMIN' } });
  const pendingId = createStaffUser.user!.id;
  await requestWhileBeingDisabled('rogue.three@norwalk.example', RESEND, () => ({ userId: pendingId }));
  const resent = await tenantRows(platform, 'norwalk', `SELECT id FROM security_events WHERE kind = 'STAFF_INVITATION_RESENT' AND user_id = $1`, [pendingId]);
  expect(resent).toEqual([]);
});
