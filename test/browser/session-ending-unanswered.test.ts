import { platformInBrowser } from './browser';
import { signInAs } from './console-staff';
import { CITIES, perceived } from './web-pages';

/*
 * WCAG 2.2.1, the other way: a warning nobody answers (the clerk left the counter) ends the session when it said, and
 * the sign-in page says why, rather than leaving a console signed in that the server no longer serves. Sessions here
 * last 6 seconds, so the warning comes at once.
 */
const env = platformInBrowser({ sessionLifetimeSeconds: 6 });
beforeEach(() => env.tab.page.setDefaultTimeout(15_000));
const [NORWALK] = CITIES;

it('ends the console session when the unanswered warning runs out, and the sign-in page says it ended', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await page.getByRole('alertdialog', { name: 'Your session is about to end' }).waitFor();
  await page.getByText('Your session has ended. Please sign in again.').waitFor();
  expect(await page.getByRole('alertdialog').count()).toBe(0);
  expect(await page.getByLabel('Email', { exact: true }).isVisible()).toBe(true);
  expect((await perceived(page)).live.join(' ')).toContain('Your session has ended. Please sign in again.');
  env.tab.expectNoConsoleErrors([/401|Unauthorized/i]);
}, 120_000);
