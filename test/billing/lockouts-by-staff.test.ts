import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { addressSource } from '../customers/burst';
import { GOOD_PASSWORD, registerCustomer, signIn, tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { LOOKUP, platformForFile, signInStaff } from './billing-api';

/*
 * Norman proves an account by its number and its last payment's amount, and five wrong amounts a quarter-hour (twenty
 * a day) lock the account for guests. A stranger holding a neighbour's bill sets that off; the holder, at a new
 * phone, was refused with "Too many attempts" and nothing more: not whom to call, and city staff had no way to see
 * the lockout, why, or when it lifts, nor to clear it for a resident who called and proved who they are. Now the
 * refusal names its reason (RATE_LIMITED, reason SECOND_FACTOR_LOCKOUT) and the city's customer service with its hours,
 * staff read ServiceAccount.lockouts and User.lockouts, and the ADMIN (only) clears them, with a reason, in the audit log.
 */
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformForFile({ clock, trustProxy: true });
const stranger = addressSource('10.61');
const ACCOUNT = '2001-0417';
const LAST_PAYMENT = '100.65';
let cents = 4000;
const wrongAmount = () => `${cents++ / 100}`;

interface Refusal {
  readonly message: string;
  readonly extensions?: { readonly code?: string; readonly reason?: string; readonly retryAfterSeconds?: number };
}
interface Lockout {
  readonly reason: string;
  readonly description: string;
  readonly attempts: number;
  readonly limit: number;
  readonly lockedOut: boolean;
  readonly liftsAt: string;
}
const LOCKOUT_FIELDS = 'reason description attempts limit lockedOut liftsAt';
const ACCOUNT_LOCKOUTS = `query Locks($search: String) { serviceAccounts(search: $search, first: 1) { edges { node { id accountNumber lockouts { ${LOCKOUT_FIELDS} } } } } }`;
const CLEAR_ACCOUNT = `mutation Clear($input: ClearAccountLockoutsInput!) { clearAccountLockouts(input: $input) { cleared { ${LOCKOUT_FIELDS} } userErrors { field code message } } }`;
const CLEAR_USER = `mutation ClearUser($input: ClearUserLockoutsInput!) { clearUserLockouts(input: $input) { cleared { ${LOCKOUT_FIELDS} } userErrors { field code message } } }`;

async function lookUp(address: string, lastPaymentAmount: string, locale = 'en'): Promise<Refusal | 'FOUND' | 'VERIFICATION_FAILED'> {
  const answer = await env.platform.client
    .asTenant('norman')
    .withHeaders({ 'x-forwarded-for': address, 'accept-language': locale })
    .request<{ lookupAccount: { account: unknown; userErrors: { code: string }[] } }>(LOOKUP, { input: { accountNumber: ACCOUNT, lastPaymentAmount } });
  const [error] = (answer.errors ?? []) as Refusal[];
  if (error) return error;
  return answer.data?.lookupAccount.account ? 'FOUND' : 'VERIFICATION_FAILED';
}

async function accountLockouts(staff: GraphQLTestClient, accountNumber = ACCOUNT): Promise<{ id: string; lockouts: Lockout[] }> {
  const found = await staff.data<{ serviceAccounts: { edges: { node: { id: string; lockouts: Lockout[] } }[] } }>(ACCOUNT_LOCKOUTS, { search: accountNumber });
  const [edge] = found.serviceAccounts.edges;
  if (!edge) throw new Error(`no account ${accountNumber}`);
  return edge.node;
}

let support: GraphQLTestClient;
let admin: GraphQLTestClient;
beforeAll(async () => {
  // Norman speaks English only; its Spanish-speaking residents would be told the same in Spanish once it offers it.
  await changeCitySettings(env.platform, 'norman', { locales: ['EN', 'ES'] });
  support = await signInStaff(env.platform, 'norman', 'SUPPORT');
  admin = await signInStaff(env.platform, 'norman', 'ADMIN');
});

it('tells a holder refused for wrong last-payment amounts why, and whom to call with the hours, in English and Spanish', async () => {
  for (let i = 0; i < 5; i++) expect(await lookUp(stranger(), wrongAmount())).toBe('VERIFICATION_FAILED');

  const refused = (await lookUp(stranger(), LAST_PAYMENT)) as Refusal;
  expect(refused.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'SECOND_FACTOR_LOCKOUT', retryAfterSeconds: 15 * 60 });
  expect(refused.message).toMatch(
    /^Too many attempts\. Please wait 15 minutes and try again\. To get help now, call customer service at \(405\) 217-7739 \(Monday to Friday, 8:00\sAM to 5:00\sPM, Central/,
  );

  const enEspañol = (await lookUp(stranger(), LAST_PAYMENT, 'es')) as Refusal;
  expect(enEspañol.extensions?.reason).toBe('SECOND_FACTOR_LOCKOUT');
  expect(enEspañol.message).toMatch(/Para obtener ayuda ahora, llame a servicio al cliente al \(405\) 217-7739 \(de lunes a viernes, de 8:00/);
});

it('shows staff the lockout, why and when it lifts, and lets SUPPORT read but not clear it', async () => {
  const { id, lockouts } = await accountLockouts(support);
  expect(lockouts).toEqual([
    { reason: 'SECOND_FACTOR_LOCKOUT', description: expect.stringMatching(/last payment amount/), attempts: 5, limit: 5, lockedOut: true, liftsAt: '2026-11-23T18:15:00.000Z' },
    { reason: 'SECOND_FACTOR_LOCKOUT', description: expect.stringMatching(/last payment amount/), attempts: 5, limit: 20, lockedOut: false, liftsAt: '2026-11-24T18:00:00.000Z' },
  ]);
  const spanish = await accountLockouts(support.withHeaders({ 'accept-language': 'es' }));
  expect(spanish.lockouts[0]?.description).toMatch(/monto del último pago/);

  const refused = await support.request(CLEAR_ACCOUNT, { input: { serviceAccountId: id, reason: 'Resident called' } });
  expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  expect(await lookUp(stranger(), LAST_PAYMENT)).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
});

it('lets the ADMIN clear it with a reason, in the audit log; clearing again clears nothing', async () => {
  const { id } = await accountLockouts(admin);
  const noReason = await admin.data<{ clearAccountLockouts: { cleared: Lockout[] | null; userErrors: { field: string[]; code: string }[] } }>(CLEAR_ACCOUNT, {
    input: { serviceAccountId: id, reason: '  ' },
  });
  expect(noReason.clearAccountLockouts).toEqual({ cleared: null, userErrors: [{ field: ['input', 'reason'], code: 'REQUIRED', message: 'A reason is required.' }] });

  const reason = 'Resident called from her mobile; confirmed name, address and last payment';
  const cleared = await admin.data<{ clearAccountLockouts: { cleared: Lockout[]; userErrors: unknown[] } }>(CLEAR_ACCOUNT, { input: { serviceAccountId: id, reason } });
  expect(cleared.clearAccountLockouts.userErrors).toEqual([]);
  expect(cleared.clearAccountLockouts.cleared.map((l) => [l.reason, l.attempts, l.lockedOut])).toEqual([
    ['SECOND_FACTOR_LOCKOUT', 5, true],
    ['SECOND_FACTOR_LOCKOUT', 5, false],
  ]);
  expect((await accountLockouts(support)).lockouts).toEqual([]);
  expect(await lookUp(stranger(), LAST_PAYMENT)).toBe('FOUND');

  const again = await admin.data<{ clearAccountLockouts: { cleared: Lockout[] } }>(CLEAR_ACCOUNT, { input: { serviceAccountId: id, reason } });
  expect(again.clearAccountLockouts.cleared).toEqual([]);
  const audit = await tenantRows<{ detail: Record<string, string> }>(env.platform, 'norman', "SELECT detail FROM security_events WHERE kind = 'LOCKOUT_CLEARED'");
  expect(audit.map((row) => row.detail)).toEqual([{ serviceAccountId: id, accountNumber: ACCOUNT, lockouts: 'SECOND_FACTOR_LOCKOUT,SECOND_FACTOR_LOCKOUT', reason }]);
  const log = await admin.data<{ auditLog: { edges: { node: { label: string; actor: string } }[] } }>(CLEARED_IN_AUDIT_LOG);
  expect(log.auditLog.edges.map((e) => e.node.label)).toEqual(['Lockout cleared']);
});

it('clears a holder who locked themselves out from their own address (counted apart from strangers), not only the account', async () => {
  const HOME = '192.0.2.91';
  expect(await lookUp(HOME, LAST_PAYMENT)).toBe('FOUND');
  for (let i = 0; i < 5; i++) expect(await lookUp(HOME, wrongAmount())).toBe('VERIFICATION_FAILED');
  expect(await lookUp(HOME, LAST_PAYMENT)).toMatchObject({ extensions: { code: 'RATE_LIMITED', reason: 'SECOND_FACTOR_LOCKOUT' } });

  const { id, lockouts } = await accountLockouts(support);
  expect(lockouts.filter((l) => l.lockedOut)).toEqual([expect.objectContaining({ reason: 'SECOND_FACTOR_LOCKOUT', attempts: 5, limit: 5 })]);
  const cleared = await admin.data<{ clearAccountLockouts: { cleared: Lockout[] } }>(CLEAR_ACCOUNT, { input: { serviceAccountId: id, reason: 'Holder called; forgot her last payment' } });
  expect(cleared.clearAccountLockouts.cleared.filter((l) => l.lockedOut)).toHaveLength(1);
  expect(await lookUp(HOME, LAST_PAYMENT)).toBe('FOUND');
});

it("keeps another city's ADMIN from reading or clearing the account's lockouts", async () => {
  for (let i = 0; i < 5; i++) await lookUp(stranger(), wrongAmount());
  const { id } = await accountLockouts(support);
  const norwalkAdmin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const fromNorwalk = await norwalkAdmin.data<{ clearAccountLockouts: { cleared: Lockout[] | null; userErrors: { code: string }[] } }>(CLEAR_ACCOUNT, {
    input: { serviceAccountId: id, reason: 'Other city' },
  });
  expect(fromNorwalk.clearAccountLockouts).toMatchObject({ cleared: null, userErrors: [{ code: 'ACCOUNT_NOT_FOUND' }] });
  // Norwalk's tenant header with Norman's session is refused before anything is read.
  const switched = await support.asTenant('norwalk').request(ACCOUNT_LOCKOUTS, { search: ACCOUNT });
  expect(switched.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect((await accountLockouts(support)).lockouts[0]).toMatchObject({ lockedOut: true });
});

it("shows a resident's sign-in lockout (SIGN_IN_FAILURES) to staff, and lets the ADMIN clear it", async () => {
  const norman = env.platform.client.asTenant('norman');
  const { user } = await registerCustomer(norman, { username: 'lockedout_ann', email: 'ann.lockout@example.com', name: 'Ann Lockout', phone: '+14055550111' });
  const wrong = (address: string) =>
    norman.withHeaders({ 'x-forwarded-for': address }).request('mutation { login(input: { identifier: "Lockedout_Ann ", password: "wrong password here" }) { userErrors { code } } }');
  for (let i = 0; i < 5; i++) expect((await wrong(stranger())).errors).toBeUndefined();
  const refused = (await wrong(stranger())).errors?.[0] as Refusal;
  expect(refused.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'SIGN_IN_FAILURES' });
  const hers = await norman.withHeaders({ 'x-forwarded-for': stranger() }).request(`mutation { login(input: { identifier: "lockedout_ann", password: "${GOOD_PASSWORD}" }) { userErrors { code } } }`);
  expect(hers.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'SIGN_IN_FAILURES' });

  // She calls and says her username, as she would type it.
  const locks = await userLockouts(support, ' LockedOut_Ann');
  expect(locks).toEqual([{ reason: 'SIGN_IN_FAILURES', description: 'Too many wrong passwords.', attempts: 5, limit: 5, lockedOut: true, liftsAt: '2026-11-23T18:15:00.000Z' }]);

  const cleared = await admin.data<{ clearUserLockouts: { cleared: Lockout[]; userErrors: unknown[] } }>(CLEAR_USER, { input: { userId: user.id, reason: 'Called in; identity confirmed' } });
  expect(cleared.clearUserLockouts.cleared.map((l) => l.reason)).toEqual(['SIGN_IN_FAILURES']);
  expect((await signIn(norman.withHeaders({ 'x-forwarded-for': stranger() }), 'lockedout_ann', GOOD_PASSWORD)).session).not.toBeNull();
});

const CLEARED_IN_AUDIT_LOG = '{ auditLog(first: 5, filter: { kinds: [LOCKOUT_CLEARED] }) { edges { node { label actor } } } }';
const USER_LOCKOUTS = `query UserLocks($identifier: String!) { userBySignIn(identifier: $identifier) { id lockouts { ${LOCKOUT_FIELDS} } } }`;
async function userLockouts(staff: GraphQLTestClient, identifier: string): Promise<Lockout[]> {
  const found = await staff.data<{ userBySignIn: { lockouts: Lockout[] } | null }>(USER_LOCKOUTS, { identifier });
  if (!found.userBySignIn) throw new Error(`nobody signs in as ${identifier}`);
  return found.userBySignIn.lockouts;
}
