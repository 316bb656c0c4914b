import { changeCitySettings } from '../tenants/city-settings';
import { platformInBrowser } from './browser';
import { signInAs, openCounterFormFor } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A clerk at a counter of a city that speaks both languages records an amount the API refuses (more than one payment
 * may be), and switches the console to Español for the resident at the window. The page's own words turned Spanish,
 * but the API's sentence stayed in English under "Hay un problema" and beside Importe: a page in two languages at
 * once. Asking again is no remedy (it is a payment), so the page keeps only what it can say itself in the new language.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true } });
});

it("drops the API's English refusal when the clerk switches to Español, rather than keep it in a Spanish page", async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await openCounterFormFor(page, '10-1001-00');
  await page.getByLabel('Amount', { exact: true }).fill('999999');
  await page.getByLabel('Cash received', { exact: true }).fill('999999');
  await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
  await page.getByLabel('Received by', { exact: true }).press('Enter');
  const refusal = page.getByRole('alert').filter({ hasText: 'One payment can be at most $10,000.00.' });
  await refusal.waitFor();

  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pago en ventanilla' }).waitFor();
  await page.getByRole('form', { name: 'Pago a la cuenta 10-1001-00' }).waitFor();
  expect(await page.getByRole('main').getByText('One payment can be at most').count()).toBe(0);
  expect(await page.getByLabel('Importe', { exact: true }).getAttribute('aria-invalid')).toBeNull();
  // Nothing was recorded: Record is offered again, the amount as typed.
  expect(await page.getByLabel('Importe', { exact: true }).inputValue()).toBe('999999');
  await page.getByRole('button', { name: 'Registrar pago' }).waitFor();
  env.tab.expectNoConsoleErrors();
}, 90_000);
