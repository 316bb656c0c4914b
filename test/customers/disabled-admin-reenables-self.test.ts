import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { CREATE_STAFF, GOOD_PASSWORD, RESET, VIEWER, bearer, latestToken, signIn, tenantRows, type UserErrorShape } from './customer-api';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const DISABLE = `mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { user { id disabledAt } userErrors { field code } } }`;
const ENABLE = `mutation Enable($userId: UUID!) { enableStaffUser(userId: $userId) { user { id disabledAt } userErrors { field code } } }`;
type Payload = { user: { id: string; disabledAt: string | null } | null; userErrors: UserErrorShape[] };

async function signedIn(identifier: string, password = GOOD_PASSWORD): Promise<GraphQLTestClient> {
  const login = await signIn(platform.client.asTenant('norwalk'), identifier, password);
  if (!login.session) throw new Error(`${identifier} could not sign in: ${JSON.stringify(login.userErrors)}`);
  return bearer(platform.client.asTenant('norwalk'), login.session);
}

/** Holds the user's session rows (as a slow commit would) until the returned function lets them go. */
const holdSessions = (userId: string) => holdRows(platform.db, 'norwalk', 'SELECT 1 FROM sessions WHERE user_id = $1 FOR UPDATE', [userId]);

it('an ADMIN whose access is being taken away cannot undo it with a request of their own already under way', async () => {
  const adam = await signedIn(demoSignIn(DEMO_STAFF.find((u) => u.tenant === 'norwalk' && u.role === 'ADMIN')!), DEMO_STAFF_PASSWORD);
  const email = 'rogue.admin@norwalk.example';
  const { createStaffUser } = await adam.data<{ createStaffUser: { user: { id: string } | null; userErrors: UserErrorShape[] } }>(CREATE_STAFF, {
    input: { email, name: 'Rogue Admin', role: 'ADMIN' },
  });
  const rogueId = createStaffUser.user!.id;
  const token = await latestToken(platform, 'norwalk', email, 'STAFF_INVITATION');
  await platform.client.asTenant('norwalk').data(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  const rogue = await signedIn(email);
  expect((await rogue.data<{ viewer: { roles: string[] } }>(VIEWER)).viewer.roles).toEqual(['ADMIN']);

  // Adam takes Rogue's access away; the change is under way (it holds Rogue's row) when a request of Rogue's arrives,
  // authenticated while the session was still open: "give me my access back".
  const letGo = await holdSessions(rogueId);
  let disableDone = false;
  const disabling = adam.data<{ disableStaffUser: Payload }>(DISABLE, { userId: rogueId }).finally(() => (disableDone = true));
  await untilWaitingOnLocks(platform.db, '%UPDATE "sessions"%', { finished: () => disableDone });
  let enableDone = false;
  const reEnabling = rogue.request<{ enableStaffUser: Payload }>(ENABLE, { userId: rogueId }).finally(() => (enableDone = true));
  await untilWaitingOnLocks(platform.db, '%FOR UPDATE%', { finished: () => enableDone });
  await letGo();
  expect((await disabling).disableStaffUser.userErrors).toEqual([]);
  // Let in before the disable, run after it: refused as no longer an ADMIN's.
  expect((await reEnabling).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

  // The disable must stick: Rogue is still disabled and cannot sign in again.
  const [row] = await tenantRows<{ disabled: boolean }>(platform, 'norwalk', 'SELECT disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1', [rogueId]);
  const enabledBy = await tenantRows<{ actor: string }>(platform, 'norwalk', `SELECT actor FROM security_events WHERE kind = 'STAFF_ENABLED' AND user_id = $1`, [rogueId]);
  expect({ disabled: row?.disabled, enabledBy: enabledBy.map((e) => e.actor) }).toEqual({ disabled: true, enabledBy: [] });
  expect((await signIn(platform.client.asTenant('norwalk'), email)).userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
});
