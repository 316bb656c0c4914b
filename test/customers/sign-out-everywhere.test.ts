import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { AUDIT_LOG, LOGOUT_EVERYWHERE, REFRESH, VIEWER, bearer, registerCustomer, signIn, type AuthPayload, type SessionShape, type UserErrorShape } from './customer-api';

/*
 * logoutEverywhere: a resident or clerk whose phone or laptop was lost, or who left a counter PC signed in, ends every
 * session they have (30 days of refresh each) from wherever they are signed in, without knowing the other devices'
 * refresh tokens and without changing a password they still trust. Before, logout ended only the session it came
 * from (or one whose refresh token was sent), and the only way to end the others was a password change.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const norwalk = () => platform.client.asTenant('norwalk');
type ActionPayload = { userErrors: UserErrorShape[] };
type AuditPage = { auditLog: { edges: { node: { kind: string; userId: string | null; detail: { key: string; value: string }[] } }[] } };

/** What a session's access token and refresh token get now. */
async function standing(session: SessionShape): Promise<{ access: unknown; refresh: string[] }> {
  const extensions = (await bearer(norwalk(), session).request(VIEWER)).errors?.[0]?.extensions;
  const access = extensions && 'reason' in extensions ? extensions.reason : 'open';
  const refresh = (await norwalk().data<{ refreshSession: AuthPayload }>(REFRESH, { token: session.refreshToken })).refreshSession.userErrors.map((e) => e.code);
  return { access, refresh };
}

it("ends every session of a resident, the one asking included, and no one else's; the password still signs in", async () => {
  const email = 'lost-phone@example.com';
  const { session: laptop, user } = await registerCustomer(norwalk(), { email });
  const phone = (await signIn(norwalk(), email)).session!;
  const neighbour = (await registerCustomer(norwalk(), { email: 'next-door@example.com' })).session;

  expect((await bearer(norwalk(), laptop).data<{ logoutEverywhere: ActionPayload }>(LOGOUT_EVERYWHERE)).logoutEverywhere.userErrors).toEqual([]);

  const ended = { access: 'SESSION_ENDED', refresh: ['INVALID_TOKEN'] };
  expect({ laptop: await standing(laptop), phone: await standing(phone) }).toEqual({ laptop: ended, phone: ended });
  expect((await bearer(norwalk(), neighbour).data<{ viewer: { user: { email: string } } }>(VIEWER)).viewer.user.email).toBe('next-door@example.com');
  const again = await signIn(norwalk(), email);
  expect({ errors: again.userErrors, id: again.user?.id }).toEqual({ errors: [], id: user.id });
});

it("ends a staff member's sessions too, and the city's ADMIN sees it in the audit log", async () => {
  const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  const clerk = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const { viewer } = await clerk.data<{ viewer: { user: { id: string } } }>(VIEWER);

  expect((await clerk.data<{ logoutEverywhere: ActionPayload }>(LOGOUT_EVERYWHERE)).logoutEverywhere.userErrors).toEqual([]);
  expect((await clerk.request(VIEWER)).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
  const { auditLog } = await admin.data<AuditPage>(AUDIT_LOG, { first: 5 });
  expect(auditLog.edges.map((edge) => edge.node).find((node) => node.userId === viewer.user.id && node.kind === 'LOGOUT')?.detail).toEqual([{ key: 'everywhere', value: 'true' }]);
});

it('is UNAUTHENTICATED for a guest, who has no sessions to end', async () => {
  expect((await norwalk().request(LOGOUT_EVERYWHERE)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});
