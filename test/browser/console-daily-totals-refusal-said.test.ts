import { platformInBrowser, type Page } from './browser';
import { signInAsSupport } from './console-staff';
import { CITIES, perceived } from './web-pages';

/*
 * A clerk at the keyboard, the console in Español, asks Daily totals for a period it cannot show and presses Ver
 * totales. The page wrote why beside the field, but focus stayed on the button and nothing was announced: a screen
 * reader said nothing at all. And a period backwards was said in the API's words, naming its arguments "to" and
 * "from" in English, where the clerk reads Desde and Hasta.
 */
const env = platformInBrowser();
const city = CITIES[0]; // Norwalk: English and Spanish

async function openTotalsInSpanish(page: Page) {
  await signInAsSupport(page, env.platform, city);
  await page.getByRole('button', { name: 'Español' }).click();
  await page.waitForFunction(`document.documentElement.lang === 'es'`);
  await page.getByRole('navigation').getByRole('link', { name: 'Totales diarios' }).click();
  await page.getByRole('heading', { level: 1, name: 'Totales diarios' }).waitFor();
  return page.getByRole('form', { name: 'Periodo' });
}

it('takes focus to Hasta when the period is backwards, and says why in the words on the page', async () => {
  const { page } = env.tab;
  const period = await openTotalsInSpanish(page);
  await period.getByLabel('Desde').fill('2026-03-10');
  await period.getByLabel('Hasta').fill('2026-03-01');
  await period.getByRole('button', { name: 'Ver totales' }).press('Enter');
  await page.waitForFunction(`document.querySelector('[aria-invalid="true"]') !== null`);

  const heard = await perceived(page);
  expect(heard.focus).toBe('INPUT: Hasta');
  expect(heard.focusDescription).toMatch(/Hasta/);
  expect(heard.focusDescription).toMatch(/Desde/);
  expect(heard.focusDescription).not.toMatch(/"to"|"from"/);
  expect(await period.getByLabel('Desde').getAttribute('aria-invalid')).toBeNull();
  env.tab.expectNoConsoleErrors();
}, 90_000);

it('takes focus to Desde when the API refuses a period too long, its reason read with the field', async () => {
  const { page } = env.tab;
  const period = await openTotalsInSpanish(page);
  await period.getByLabel('Desde').fill('2025-01-01');
  await period.getByLabel('Hasta').fill('2026-01-01');
  await period.getByRole('button', { name: 'Ver totales' }).press('Enter');
  await period.getByText('Pida como máximo 92 días de totales a la vez.').waitFor();

  const heard = await perceived(page);
  expect(heard.focus).toBe('INPUT: Desde');
  expect(heard.focusDescription).toBe('Pida como máximo 92 días de totales a la vez.');
  env.tab.expectNoConsoleErrors();
}, 90_000);
