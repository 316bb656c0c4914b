import { platformInBrowser } from './browser';
import { signInAsSupport } from './console-staff';
import { CITIES, perceived } from './web-pages';

/*
 * A clerk at the keyboard types what a payer read out into Find a payment and presses Enter. The API refuses it as
 * no confirmation number: the page wrote why under the field, but focus stayed on the button and nothing was
 * announced, so a screen reader said nothing. And once the clerk switched to Español, that sentence stayed in English.
 * Daily totals takes focus to the field at fault; Find a payment now does the same.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

it('takes focus to the confirmation number the API refuses, its reason read with the field, and drops it in Español', async () => {
  const { page } = env.tab;
  await signInAsSupport(page, env.platform, NORWALK);
  const finder = page.getByRole('search', { name: 'Find a payment' });
  await finder.getByLabel('Confirmation number').fill('12345');
  await finder.getByRole('button', { name: 'Find payment' }).press('Enter');
  const reason = 'That is not a confirmation number: it is 12 letters and digits, like K7QM-4XPD-9R2T.';
  await finder.getByText(reason).waitFor();

  const heard = await perceived(page);
  expect(heard.focus).toBe('INPUT: Confirmation number');
  expect(heard.focusDescription).toContain(reason);

  await page.getByRole('button', { name: 'Español' }).click();
  await page.waitForFunction(`document.documentElement.lang === 'es'`);
  await page.getByRole('heading', { level: 1, name: 'Tablero de pagos' }).waitFor();
  expect(await page.getByRole('main').getByText('That is not a confirmation number').count()).toBe(0);
  env.tab.expectNoConsoleErrors();
}, 90_000);

it('takes focus to the field left empty, its reason read with it', async () => {
  const { page } = env.tab;
  await signInAsSupport(page, env.platform, NORWALK);
  const finder = page.getByRole('search', { name: 'Find a payment' });
  await finder.getByRole('button', { name: 'Find payment' }).press('Enter');
  await page.waitForFunction(`document.querySelector('[aria-invalid="true"]') !== null`);
  const heard = await perceived(page);
  expect(heard.focus).toBe('INPUT: Confirmation number');
  expect(heard.focusDescription.length).toBeGreaterThan(0);
}, 90_000);
