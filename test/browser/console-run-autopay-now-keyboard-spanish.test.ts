import { platformInBrowser } from './browser';
import { signInAs } from './console-staff';
import { CITIES, focused } from './web-pages';

/*
 * "Run autopay now" on the console's Autopay runs page (ADMIN), from the keyboard. Confirming removes the "Yes, run
 * autopay" button that had the focus, and the "Run autopay now" button is disabled while the run is on its way: the
 * focus goes back to it once it is drawn enabled again, not to the document. What the run did is kept as the run, not
 * as the sentence written when it answered, so a switch to Español says it in Spanish.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

it('keeps the keyboard focus on the page after Run autopay now, and says what the run did in Spanish after a switch', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Autopay runs' }).click();
  await page.getByRole('heading', { level: 1, name: 'Autopay runs' }).waitFor();
  await page.getByRole('button', { name: 'Run autopay now' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Yes, run autopay' }).waitFor();
  expect(await focused(page)).toContain('Yes, run autopay');
  await page.keyboard.press('Enter');
  const said = page.getByRole('status').filter({ hasText: /^Autopay ran for / });
  await said.waitFor();
  // Once the confirmation has gone and the page has drawn what the run did (two frames), not after a guessed wait.
  await page.getByRole('button', { name: 'Yes, run autopay' }).waitFor({ state: 'detached' });
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  const focusAfterRun = await focused(page);

  await page.getByRole('button', { name: 'Español' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /^El pago automático se ejecutó para el / })
    .waitFor();
  const statusInSpanish = (await page.getByRole('status').allInnerTexts()).join(' | ');

  expect({ focusAfterRun, englishLeft: /Autopay ran for/.test(statusInSpanish) }).toEqual({ focusAfterRun: 'BUTTON: Run autopay now', englishLeft: false });
}, 90_000);
