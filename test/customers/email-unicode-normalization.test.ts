import { ownerUrl, withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import type { QueryRunner } from 'typeorm';
import { EmailsInNfc1763801201500 } from '../../services/customers/src/migrations/1763801201500-emails-in-nfc';
import {
  CREATE_STAFF,
  GOOD_PASSWORD,
  LOGIN,
  REGISTER,
  REQUEST_RESET,
  UPDATE_PROFILE,
  VIEWER,
  bearer,
  outboxFor,
  registerCustomer,
  signIn,
  tenantRows,
  type AuthPayload,
  type UserErrorShape,
} from './customer-api';
import { demoStaffClient } from './demo-staff';

/*
 * Emails were kept trimmed and lower-cased (identity.ts) and looked up the same way (user.queries.ts), but never
 * Unicode-normalized: "josé" typed as one code point (NFC, U+00E9) and as "e" plus a combining acute (NFD, what
 * macOS and some copy-pastes give) are different strings. So the same address, as a person sees and types it,
 * registered twice (two accounts a staff member cannot tell apart in linkedUsers), and a resident whose keyboard gives
 * the other form was told INVALID_CREDENTIALS with the right password. Passwords are NFC-normalized for exactly this
 * reason (password-hash.ts: "the same password typed on two keyboards that compose accents differently").
 * Now every email and username goes through one normaliser (normaliseIdentifier: trimmed, lower case, NFC) wherever
 * it is stored, compared, looked up or counted under by a rate limit, and rows stored before are migrated.
 */

let platform: TestPlatform;
beforeAll(async () => {
  // Behind a trusted proxy, so requests come from addresses of their own: registrations are limited per address.
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let addresses = 0;
const from = (slug: 'norwalk' | 'norman') => platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': `203.0.113.${++addresses}` });

const NFC = 'jos\u00e9.garc\u00eda@example.com';
const NFD = NFC.normalize('NFD');
const codes = (errors: readonly UserErrorShape[]) => errors.map(({ field, code }) => ({ field, code }));

describe('an email with an accent, composed one way or the other', () => {
  it('is one address: registering it again in the other form is EMAIL_TAKEN', async () => {
    expect(NFD).not.toBe(NFC);
    await registerCustomer(from('norwalk'), { email: NFC });
    const again = (await from('norwalk').data<{ register: AuthPayload }>(REGISTER, { input: { email: NFD, password: GOOD_PASSWORD } })).register;
    expect({ session: again.session !== null, errors: codes(again.userErrors) }).toEqual({
      session: false,
      errors: [{ field: ['input', 'email'], code: 'EMAIL_TAKEN' }],
    });
  });

  it('signs its holder in whichever form the keyboard gives', async () => {
    const email = 'ren\u00e9e@example.com';
    const { user } = await registerCustomer(from('norwalk'), { email });
    const login = await signIn(from('norwalk'), email.normalize('NFD'));
    expect({ user: login.user?.id ?? null, errors: login.userErrors.map(({ code }) => code) }).toEqual({ user: user.id, errors: [] });
  });

  it('is stored in NFC, lower case and trimmed, whichever form it was registered in, and found so', async () => {
    const email = 'zo\u00eb@example.com';
    const { user } = await registerCustomer(from('norwalk'), { email: `  ${email.toUpperCase().normalize('NFD')} ` });
    expect(user.email).toBe(email);
    for (const typed of [email, email.normalize('NFD'), ` ${email.toUpperCase()}`]) {
      expect([typed, (await signIn(from('norwalk'), typed)).user?.id]).toEqual([typed, user.id]);
    }
  });

  it('is refused, at its field and with no other complaint, in full-width characters that only look like the plain address', async () => {
    const fullWidth = '\uff4a\uff4f\uff53\uff45@example.com';
    const answer = (await from('norwalk').data<{ register: AuthPayload }>(REGISTER, { input: { email: fullWidth, password: GOOD_PASSWORD } })).register;
    expect({ session: answer.session, errors: answer.userErrors }).toEqual({
      session: null,
      errors: [{ field: ['input', 'email'], code: 'INVALID_EMAIL', message: expect.stringContaining('full-width') }],
    });
  });

  it('sends a reset link to the one account, asked for in the other form', async () => {
    const email = 'fran\u00e7ois@example.com';
    await registerCustomer(from('norwalk'), { email });
    const asked = await from('norwalk').data<{ requestPasswordReset: { userErrors: UserErrorShape[] } }>(REQUEST_RESET, { input: { identifier: email.normalize('NFD') } });
    expect(asked.requestPasswordReset.userErrors).toEqual([]);
    expect((await outboxFor(platform, 'norwalk', email, 'PASSWORD_RESET')).map((message) => message.recipient)).toEqual([email]);
  });

  it('counts failed sign-ins in either form against the one account: the sixth attempt waits, right password or not', async () => {
    const email = 'no\u00ebl@example.com';
    await registerCustomer(from('norwalk'), { email });
    const attempt = (identifier: string, password: string) => from('norwalk').request<{ login: AuthPayload }>(LOGIN, { input: { identifier, password } });
    for (const typed of [email, email.normalize('NFD'), email.toUpperCase(), email.toUpperCase().normalize('NFD'), ` ${email}`]) {
      const failed = await attempt(typed, 'not the password at all');
      expect([typed, failed.data?.login.userErrors.map(({ code }) => code)]).toEqual([typed, ['INVALID_CREDENTIALS']]);
    }
    const limited = await attempt(email.normalize('NFD'), GOOD_PASSWORD);
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('is not a change of email in updateProfile when it is the holder’s own in the other form, and is taken when it is another’s', async () => {
    const mine = 'h\u00e9l\u00e8ne@example.com';
    const theirs = 'ma\u00ebl@example.com';
    const { session } = await registerCustomer(from('norwalk'), { email: mine });
    await registerCustomer(from('norwalk'), { email: theirs });
    type Update = { updateProfile: { user: { email: string } | null; userErrors: UserErrorShape[] } };
    // No currentPassword: only a change of address asks for it.
    const same = await bearer(from('norwalk'), session).data<Update>(UPDATE_PROFILE, { input: { email: mine.normalize('NFD') } });
    expect(same.updateProfile).toEqual({ user: expect.objectContaining({ email: mine }), userErrors: [] });
    const taken = await bearer(from('norwalk'), session).data<Update>(UPDATE_PROFILE, { input: { email: theirs.normalize('NFD'), currentPassword: GOOD_PASSWORD } });
    expect(codes(taken.updateProfile.userErrors)).toEqual([{ field: ['input', 'email'], code: 'EMAIL_TAKEN' }]);
  });

  it('is one address for staff users too: an ADMIN adding the other form of a taken one is told EMAIL_TAKEN', async () => {
    const asAdmin = await demoStaffClient(platform, 'norwalk', 'ADMIN');
    type Created = { createStaffUser: { user: { email: string } | null; userErrors: UserErrorShape[] } };
    const email = '\u00e5sa@example.com';
    const created = await asAdmin.data<Created>(CREATE_STAFF, { input: { email: email.normalize('NFD'), name: 'Åsa Support', role: 'SUPPORT' } });
    expect(created.createStaffUser).toEqual({ user: expect.objectContaining({ email }), userErrors: [] });
    const again = await asAdmin.data<Created>(CREATE_STAFF, { input: { email, name: 'Åsa Again', role: 'SUPPORT' } });
    expect(codes(again.createStaffUser.userErrors)).toEqual([{ field: ['input', 'email'], code: 'EMAIL_TAKEN' }]);
  });
});

describe('emails stored before they were normalised (migration 1763801201500)', () => {
  /** Runs the migration's `up` connected as the owner, as the migration runner does. */
  const migrate = () => withClient(ownerUrl(platform.settings), (owner) => new EmailsInNfc1763801201500().up({ query: (sql: string) => owner.query(sql) } as unknown as QueryRunner));
  /** Puts a user's email back as an older platform stored it: lower case, in whatever form it was typed. */
  const storeAsBefore = (slug: string, userId: string, email: string) => tenantRows(platform, slug, 'UPDATE users SET email = $2 WHERE id = $1', [userId, email]);
  const emailOf = async (slug: string, userId: string) => (await tenantRows<{ email: string }>(platform, slug, 'SELECT email FROM users WHERE id = $1', [userId]))[0]?.email;

  it('brings them to NFC in every city, so their holders sign in again, and leaves alone those that would collide', async () => {
    // A Norwalk resident who registered with a decomposed accent: not found any more until the migration runs.
    const chloe = 'chlo\u00e9@example.com';
    const older = await registerCustomer(from('norwalk'), { email: chloe });
    await storeAsBefore('norwalk', older.user.id, chloe.normalize('NFD'));
    expect((await signIn(from('norwalk'), chloe)).userErrors.map(({ code }) => code)).toEqual(['INVALID_CREDENTIALS']);
    // A Norman one, as Norman registers people.
    const norman = await registerCustomer(from('norman'), { email: 'b\u00e9a@example.com', username: 'bea_norman', name: 'Béa', phone: '(405) 217-7739' });
    await storeAsBefore('norman', norman.user.id, 'b\u00e9a@example.com'.normalize('NFD'));
    // Two who would both get one address: an NFC holder and a decomposed copy, and two decomposed copies of another
    // with their marks in different orders (both canonically "ǭ", neither NFC).
    const held = await registerCustomer(from('norwalk'), { email: 'ren\u00e9@example.com' });
    const copy = await registerCustomer(from('norwalk'), { email: 'rene-copy@example.com' });
    await storeAsBefore('norwalk', copy.user.id, 'ren\u00e9@example.com'.normalize('NFD'));
    const ordered = 'o\u0328\u0304@example.com';
    const swapped = 'o\u0304\u0328@example.com';
    expect([ordered.normalize('NFC'), ordered === ordered.normalize('NFC'), swapped === swapped.normalize('NFC')]).toEqual([swapped.normalize('NFC'), false, false]);
    const first = await registerCustomer(from('norwalk'), { email: 'ogonek-one@example.com' });
    const second = await registerCustomer(from('norwalk'), { email: 'ogonek-two@example.com' });
    await storeAsBefore('norwalk', first.user.id, ordered);
    await storeAsBefore('norwalk', second.user.id, swapped);

    await migrate();

    expect({
      older: await emailOf('norwalk', older.user.id),
      norman: await emailOf('norman', norman.user.id),
      held: await emailOf('norwalk', held.user.id),
      copy: await emailOf('norwalk', copy.user.id),
      first: await emailOf('norwalk', first.user.id),
      second: await emailOf('norwalk', second.user.id),
    }).toEqual({
      older: chloe,
      norman: 'b\u00e9a@example.com',
      held: 'ren\u00e9@example.com',
      copy: 'ren\u00e9@example.com'.normalize('NFD'),
      first: ordered,
      second: swapped,
    });
    const signedIn = await signIn(from('norwalk'), chloe.normalize('NFD'));
    expect(signedIn.user?.id).toBe(older.user.id);
    expect((await bearer(from('norwalk'), signedIn.session!).request<{ viewer: { user: { email: string } } }>(VIEWER)).data?.viewer.user.email).toBe(chloe);
    // Run again (as on an instance that finds it pending after a restore), it changes nothing and does not fail.
    await migrate();
    expect(await emailOf('norwalk', copy.user.id)).toBe('ren\u00e9@example.com'.normalize('NFD'));
    const [forced] = await platform.db.query<{ relforcerowsecurity: boolean }[]>("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'users'");
    expect(forced?.relforcerowsecurity).toBe(true);
  });
});
