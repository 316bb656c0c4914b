import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { LOGIN, UPDATE_PROFILE, bearer, registerCustomer, signIn, tenantRows, type UserErrorShape } from './customer-api';

/*
 * Emails holding a card number are refused now, but an account registered
 * before may still have one. Such an account goes on working: its resident
 * can save the rest of their profile (a form sends the email unchanged with
 * every save), and signing in with it answers as for any identifier, so
 * the limit on wrong passwords, which never counts under a card number,
 * does not tell an account's email from one nobody has.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const fresh = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });

/** An account whose email is `stored`, as it was kept before such emails were refused. */
async function accountWithEmail(registeredAs: string, stored: string): Promise<void> {
  const { user } = await registerCustomer(fresh(), { email: registeredAs });
  await tenantRows(platform, 'norwalk', 'UPDATE users SET email = $1 WHERE id = $2', [stored, user.id]);
}

type UpdatePayload = { updateProfile: { user: { name: string | null; email: string } | null; userErrors: UserErrorShape[] } };

it('lets a resident whose stored email holds a card-like number save a new name with the email unchanged', async () => {
  const stored = 'member4012888888881881@example.com';
  await accountWithEmail('member.before@example.com', stored);
  const client = platform.client.asTenant('norwalk');
  const signedIn = await signIn(client, stored);
  expect(signedIn.session).toBeTruthy();

  // What the portal's profile form sends: every field, the email as it is.
  const response = await bearer(client, signedIn.session!).request<UpdatePayload>(UPDATE_PROFILE, { input: { name: 'Pat Member', email: stored, phone: null, locale: 'EN' } });
  expect(response.errors).toBeUndefined();
  expect(response.data?.updateProfile.userErrors).toEqual([]);
  expect(response.data?.updateProfile.user).toMatchObject({ name: 'Pat Member', email: stored });
});

async function sixthAnswer(identifier: string): Promise<string> {
  let code = '';
  for (let i = 0; i < 6; i++) {
    const response = await fresh().request<{ login: { userErrors: { code: string }[] } }>(LOGIN, { input: { identifier, password: 'not the password at all' } });
    code = response.data?.login?.userErrors[0]?.code ?? String(response.errors?.[0]?.extensions?.code);
  }
  return code;
}

it('answers the sixth wrong password the same for a card-like email an account has and one nobody has', async () => {
  const held = 'member5555555555554444@example.com';
  await accountWithEmail('limit.before@example.com', held);
  const answers = { held: await sixthAnswer(held), nobodys: await sixthAnswer('member4111111111111111@example.com') };
  expect(answers).toEqual({ held: 'INVALID_CREDENTIALS', nobodys: 'INVALID_CREDENTIALS' });
});
