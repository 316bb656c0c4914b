import { latestToken, registerCustomer } from '../customers/customer-api';
import { platformInBrowser } from './browser';
import { CITIES, cityUrl, perceived, tabToAndPress } from './web-pages';

/*
 * A keyboard and screen reader user submits "Forgot password" or "Reset password" and the page answers by replacing
 * the form with its result. The focus they had (on the field or the button) moves to that sentence, as the portal's
 * other forms do (the error summary, the autopay notice, the wallet's status), instead of falling to the document,
 * where the next Tab starts again from the top of the page and nothing is read out.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

it('forgot password: once the link is sent, focus is on the sentence saying so, not dropped to the document', async () => {
  await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'kb.forgot@norwalk.example' });
  const { page } = env.tab;
  await page.goto(`${cityUrl(env.platform, NORWALK, '/')}forgot-password`);
  await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
  await page.keyboard.press('Tab'); // from the focused heading to the email field
  await page.keyboard.type('kb.forgot@norwalk.example');
  await tabToAndPress(page, 'Email me a link');
  await page.getByText('If an account matches, we have emailed it a link').waitFor();
  const after = await perceived(page);
  expect(after.focus).not.toBe('BODY');
  expect(after.focus).toContain('If an account matches, we have emailed it a link');
});

it('reset password: once the new password is saved, focus is on “Your password is set”, not dropped to the document', async () => {
  const email = 'kb.reset@norwalk.example';
  const client = env.platform.client.asTenant('norwalk');
  await registerCustomer(client, { email });
  await client.data('mutation R($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { userErrors { code } } }', { input: { identifier: email } });
  const token = await latestToken(env.platform, 'norwalk', email, 'PASSWORD_RESET');
  const { page } = env.tab;
  await page.goto(`${cityUrl(env.platform, NORWALK, '/')}reset-password?token=${encodeURIComponent(token)}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.type('a keyboard user’s long new phrase');
  await page.keyboard.press('Enter');
  await page.getByText('Your password is set.').waitFor();
  const after = await perceived(page);
  expect(after.focus).not.toBe('BODY');
  expect(after.focus).toContain('Your password is set');
});
