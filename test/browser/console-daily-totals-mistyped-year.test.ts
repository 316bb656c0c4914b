import { platformInBrowser } from './browser';
import { signInAsSupport } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A clerk typing the period with the keyboard slips on the year (20266): the date field holds "20266-03-10", which is
 * no LocalDate, and Daily totals showed the GraphQL layer's own English sentence ('Variable "$from" got invalid value
 * ...') beside To, in a page in Spanish, while the mistake was in From.
 */
const env = platformInBrowser();
const city = CITIES[0]; // Norwalk

it("says a mistyped year is not a date, beside the field that has it, in the page's language", async () => {
  const { page } = env.tab;
  await signInAsSupport(page, env.platform, city);
  await page.getByRole('button', { name: 'Español' }).click();
  await page.waitForFunction(`document.documentElement.lang === 'es'`);
  await page.getByRole('navigation').getByRole('link', { name: 'Totales diarios' }).click();
  await page.getByRole('heading', { name: 'Totales diarios' }).waitFor();

  const period = page.getByRole('form', { name: 'Periodo' });
  const from = period.getByLabel('Desde');
  await from.focus();
  await page.keyboard.type('03');
  await page.keyboard.type('10');
  await page.keyboard.type('20266');
  expect(await from.inputValue()).toBe('20266-03-10');
  await period.getByRole('button', { name: 'Ver totales' }).press('Enter');

  await period.getByText('Escriba una fecha real, con un año de cuatro cifras.').waitFor();
  expect(await from.getAttribute('aria-invalid')).toBe('true');
  expect(await period.getByLabel('Hasta').getAttribute('aria-invalid')).toBeNull();
  expect(await page.getByText(/Variable|LocalDate/).count()).toBe(0);
}, 90_000);
