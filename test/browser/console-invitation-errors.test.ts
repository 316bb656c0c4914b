import { CREATE_STAFF, latestToken } from '../customers/customer-api';
import { platformInBrowser } from './browser';
import { described } from './web-pages';

/*
 * WCAG 3.3.1 / 1.3.1 on the staff invitation page: an error about a field is tied to that field (aria-invalid, and
 * the message in its description), so a screen reader user who moves to the field hears what is wrong with it, as
 * at the console's sign-in and the portal's fields (shared/field.tsx).
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));

it('a password the server refuses is said at the password field (aria-invalid, its description), and a missing username at the username field', async () => {
  const created = await env.platform.operator
    .asTenant('norman')
    .data<{ createStaffUser: { userErrors: unknown[] } }>(CREATE_STAFF, { input: { email: 'kb.clerk@norman.example', username: 'kb_clerk', name: 'Kay Clerk', role: 'SUPPORT' } });
  expect(created.createStaffUser.userErrors).toEqual([]);
  const token = await latestToken(env.platform, 'norman', 'kb.clerk@norman.example', 'STAFF_INVITATION');
  const { page } = env.tab;
  await page.goto(`http://127.0.0.1:${env.platform.gateway.port}/console/accept-invitation?tenant=norman&token=${encodeURIComponent(token)}`);
  await page.getByRole('heading', { level: 1, name: 'Accept your invitation' }).waitFor();

  // Nothing typed: the page's own check.
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('alert').waitFor();
  const usernameMissing = await described(page, `[id="${await page.getByLabel('Username').getAttribute('id')}"]`);

  // A password too short for the city's rules: the server's refusal, about newPassword.
  await page.getByLabel('Username').fill('kb_clerk');
  await page.getByLabel('Choose a password').fill('short');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('alert').filter({ hasNotText: 'Enter your username' }).waitFor();
  const refusal = (await page.getByRole('alert').locator('li').allInnerTexts()).join(' ');
  const password = await described(page, `[id="${await page.getByLabel('Choose a password').getAttribute('id')}"]`);

  expect({ usernameMissing, password }).toEqual({
    usernameMissing: { invalid: 'true', description: expect.stringContaining('Enter your username') },
    password: { invalid: 'true', description: expect.stringContaining(refusal) },
  });
});
