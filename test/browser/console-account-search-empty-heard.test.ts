import { platformInBrowser } from './browser';
import { signInAsSupport } from './console-staff';
import { CITIES, perceived } from './web-pages';

/*
 * A clerk at the keyboard presses Search on the Accounts page with nothing typed. The page wrote what to type under
 * the field, but focus stayed on the button and nothing was announced: a screen reader said nothing. And once the
 * clerk switched to Español, that sentence stayed in English, written once when it was said.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

it('takes focus to the empty search field, its reason read with it, and says it in Spanish after a switch', async () => {
  const { page } = env.tab;
  await signInAsSupport(page, env.platform, NORWALK);
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Accounts' }).click();
  const search = page.getByRole('search', { name: 'Account search' });
  await search.getByRole('button', { name: 'Search' }).press('Enter');
  await search.getByText('Enter an account number, a name or a street.').waitFor();

  const heard = await perceived(page);
  expect(heard.focus).toBe('INPUT: Find an account');
  expect(heard.focusDescription).toContain('Enter an account number, a name or a street.');

  await page.getByRole('button', { name: 'Español' }).click();
  await page.waitForFunction(`document.documentElement.lang === 'es'`);
  await page.getByRole('search', { name: 'Búsqueda de cuentas' }).getByText('Escriba un número de cuenta, un nombre o una calle.').waitFor();
  expect(await page.getByRole('main').getByText('Enter an account number').count()).toBe(0);
  env.tab.expectNoConsoleErrors();
}, 90_000);
