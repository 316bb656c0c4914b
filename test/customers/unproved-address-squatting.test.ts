import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { ENROLLMENTS, enrolAutopay, newCustomer, openAccountWithBill } from '../autopay/autopay-api';
import { signInStaff } from '../billing/billing-api';
import {
  GOOD_PASSWORD,
  REGISTER,
  REQUEST_RESET,
  RESET,
  UPDATE_PROFILE,
  VERIFY_EMAIL,
  bearer,
  emailVerificationToken,
  latestToken,
  registerCustomer,
  signIn,
  tenantRows,
  type AuthPayload,
  type UserErrorShape,
} from './customer-api';

/*
 * Found by attack: an address typed at registration held the city's account for that address whether or not anyone
 * proved it. Someone registering a neighbour's (or an ex-partner's) email and never following its link left the real
 * owner refused EMAIL_TAKEN at registration, told in passing that the address has an account here, with a password
 * reset as the only way in: and the reset handed the owner the squatter's account, an email change the squatter had
 * asked for still waiting on a link in the squatter's own mailbox, which moved the account (and its resets) away from
 * the owner once followed. An unproved registration now holds its address only until its owner comes: the owner's
 * registration (or a link to the address they ask for in their profile, once followed) ends it, answering as for a free
 * address, and a reset ends whatever change of address was waiting.
 */

const clock = new FixedClock(new Date('2026-11-23T15:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const norwalk = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
const VIEWER_EMAIL = '{ viewer { user { id email emailVerified pendingEmail } } }';
interface ViewerShape {
  readonly viewer: { readonly user: { id: string; email: string | null; emailVerified: boolean; pendingEmail: string | null } | null } | null;
}

const register = async (email: string, password = GOOD_PASSWORD): Promise<AuthPayload> => (await norwalk().data<{ register: AuthPayload }>(REGISTER, { input: { email, password } })).register;
const verify = async (token: string): Promise<UserErrorShape[]> => (await norwalk().data<{ verifyEmail: { userErrors: UserErrorShape[] } }>(VERIFY_EMAIL, { input: { token } })).verifyEmail.userErrors;

/** Whether a session's access token is still answered as its user (an ended session is UNAUTHENTICATED). */
async function sessionUser(payload: AuthPayload): Promise<string | null> {
  const response = await bearer(norwalk(), payload.session!).request<ViewerShape>(VIEWER_EMAIL);
  if (response.errors?.length) return null;
  return response.data?.viewer?.user?.id ?? null;
}

it("lets the address's owner register over a registration nobody proved, answering as for a free address, and ends the squatter's", async () => {
  const squatter = await register('owner-1@example.com', 'squatter passphrase one');
  expect(squatter.userErrors).toEqual([]);
  const squattersLink = await latestToken(platform, 'norwalk', 'owner-1@example.com', 'EMAIL_VERIFICATION');

  // The owner registers: no EMAIL_TAKEN, nothing said of an account being there.
  const owner = await register('owner-1@example.com');
  expect(owner.userErrors).toEqual([]);
  expect(owner.user).toEqual(expect.objectContaining({ email: 'owner-1@example.com' }));
  expect(owner.user!.id).not.toBe(squatter.user!.id);

  // The squatter is out: session ended, password no longer signs in, their link proves nothing.
  expect(await sessionUser(squatter)).toBeNull();
  expect((await signIn(norwalk(), 'owner-1@example.com', 'squatter passphrase one')).session).toBeNull();
  expect((await verify(squattersLink)).map((e) => e.code)).toEqual(['INVALID_TOKEN']);

  // The owner's own link proves the address for the owner's account.
  expect(await verify(await emailVerificationToken(platform, owner.user!.id))).toEqual([]);
  expect((await bearer(norwalk(), owner.session!).data<ViewerShape>(VIEWER_EMAIL)).viewer!.user).toEqual({
    id: owner.user!.id,
    email: 'owner-1@example.com',
    emailVerified: true,
    pendingEmail: null,
  });
  expect((await signIn(norwalk(), 'owner-1@example.com')).session).not.toBeNull();

  // The city's audit log says what became of the squatter's registration.
  expect(await tenantRows(platform, 'norwalk', 'SELECT user_id AS "userId" FROM security_events WHERE kind = \'REGISTRATION_ENDED\'')).toEqual([{ userId: squatter.user!.id }]);
});

it('still refuses an address its owner proved (EMAIL_TAKEN), and never ends a proved account', async () => {
  const owner = await registerCustomer(norwalk(), { email: 'owner-2@example.com' });
  const again = await register('owner-2@example.com', 'another passphrase here');
  expect(again.userErrors.map((e) => e.code)).toEqual(['EMAIL_TAKEN']);
  expect((await signIn(norwalk(), 'owner-2@example.com')).user?.id).toBe(owner.user.id);
});

it("ends a registration nobody proved once the owner proves the address in their own profile, and the owner's account takes it", async () => {
  const squatter = await register('owner-3@example.com', 'squatter passphrase three');
  expect(squatter.userErrors).toEqual([]);
  const owner = await registerCustomer(norwalk(), { email: 'owner-3-old@example.com' });
  const me = bearer(norwalk(), owner.session);
  const { updateProfile } = await me.data<{ updateProfile: { userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, {
    input: { email: 'owner-3@example.com', currentPassword: GOOD_PASSWORD },
  });
  expect(updateProfile.userErrors).toEqual([]);
  // The owner's mailbox holds both links: the owner follows the one sent for their own account.
  expect(await verify(await emailVerificationToken(platform, owner.user.id))).toEqual([]);
  expect((await me.data<ViewerShape>(VIEWER_EMAIL)).viewer!.user).toEqual(expect.objectContaining({ email: 'owner-3@example.com', emailVerified: true }));
  expect(await sessionUser(squatter)).toBeNull();
  expect((await signIn(norwalk(), 'owner-3@example.com', 'squatter passphrase three')).session).toBeNull();
});

it("a reset through the owner's mailbox ends the change of address the squatter left waiting, so its link cannot take the account away", async () => {
  const squatter = await register('owner-4@example.com', 'squatter passphrase four');
  expect(squatter.userErrors).toEqual([]);
  // The squatter asks to move the account to a mailbox of their own and keeps that link for later.
  const moved = await bearer(norwalk(), squatter.session!).data<{ updateProfile: { userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, {
    input: { email: 'squatter-4@example.net', currentPassword: 'squatter passphrase four' },
  });
  expect(moved.updateProfile.userErrors).toEqual([]);
  const squattersMove = await latestToken(platform, 'norwalk', 'squatter-4@example.net', 'EMAIL_VERIFICATION');

  // The owner, refused nothing, takes the account back by a reset through their mailbox.
  await norwalk().data(REQUEST_RESET, { input: { identifier: 'owner-4@example.com' } });
  const reset = await norwalk().data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, {
    input: { token: await latestToken(platform, 'norwalk', 'owner-4@example.com', 'PASSWORD_RESET'), newPassword: 'the owners own passphrase' },
  });
  expect(reset.resetPassword.userErrors).toEqual([]);
  expect(await sessionUser(squatter)).toBeNull();

  // The squatter's waiting link moves nothing: the account stays at the owner's address, proved.
  expect((await verify(squattersMove)).map((e) => e.code)).toEqual(['INVALID_TOKEN']);
  const owner = await signIn(norwalk(), 'owner-4@example.com', 'the owners own passphrase');
  expect((await bearer(norwalk(), owner.session!).data<ViewerShape>(VIEWER_EMAIL)).viewer!.user).toEqual(
    expect.objectContaining({ email: 'owner-4@example.com', emailVerified: true, pendingEmail: null }),
  );
  expect((await signIn(norwalk(), 'squatter-4@example.net', 'squatter passphrase four')).session).toBeNull();
});

it('lets go of what the ended registration linked, so an autopay it enrolled no longer charges a card nobody can sign in to stop', async () => {
  const ACCOUNT = '10-3301-00';
  await openAccountWithBill(platform, ACCOUNT, '42.00');
  const first = await newCustomer(platform, { email: 'owner-5@example.com', accounts: [ACCOUNT], proveEmail: false });
  await enrolAutopay(first, first.accounts[ACCOUNT]!);
  const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  const autopayOf = async () =>
    (await admin.data<{ autopayEnrollments: { edges: { node: { serviceAccount: { accountNumber: string }; autopay: { status: string } } }[] } }>(ENROLLMENTS, {})).autopayEnrollments.edges
      .filter((edge) => edge.node.serviceAccount.accountNumber === ACCOUNT)
      .map((edge) => edge.node.autopay.status);
  expect(await autopayOf()).toEqual(['ENROLLED']);

  expect((await register('owner-5@example.com')).userErrors).toEqual([]);
  expect(await tenantRows(platform, 'norwalk', 'SELECT service_account_id FROM account_links WHERE user_id = $1', [first.userId])).toEqual([]);
  expect(await autopayOf()).not.toContain('ENROLLED');
  expect(await tenantRows(platform, 'norwalk', "SELECT detail->>'accountsUnlinked' AS n FROM security_events WHERE kind = 'REGISTRATION_ENDED' AND user_id = $1", [first.userId])).toEqual([
    { n: '1' },
  ]);
});
