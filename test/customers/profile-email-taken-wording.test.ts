import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { GOOD_PASSWORD, UPDATE_PROFILE, bearer, registerCustomer, type UserErrorShape } from './customer-api';

/*
 * A signed-in resident who changes their email to an address another account has (a spouse's, say) is told that
 * another account uses it and to enter another: not register's "Sign in or reset your password", which they are
 * signed in to read, and which, followed, mails a reset link for the other person's account.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let address = 1;
const norwalk = (language = 'en') => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${address++}`, 'accept-language': language });

it("refuses a new email another account has in the profile's own words, in English and Spanish, at the email field", async () => {
  await registerCustomer(norwalk(), { email: 'spouse@example.com' });
  const { session } = await registerCustomer(norwalk(), { email: 'me@example.com' });
  const said: Record<string, string | undefined> = {};
  for (const language of ['en', 'es']) {
    const { updateProfile } = await bearer(norwalk(language), session).data<{ updateProfile: { user: unknown; userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, {
      input: { email: 'spouse@example.com', currentPassword: GOOD_PASSWORD },
    });
    expect(updateProfile.user).toBeNull();
    expect(updateProfile.userErrors.map(({ field, code }) => ({ field, code }))).toEqual([{ field: ['input', 'email'], code: 'EMAIL_TAKEN' }]);
    said[language] = updateProfile.userErrors[0]?.message;
  }
  expect(said).toEqual({ en: 'Another account uses this email. Enter a different one.', es: expect.stringMatching(/^Otra cuenta usa este correo\./) });
  expect(said.en).not.toMatch(/sign in|reset/i);
  expect(said.es).not.toMatch(/inicie sesi|restablez/i);
});
