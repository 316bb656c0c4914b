import { changeCitySettings } from '../tenants/city-settings';
import { platformInBrowser, type Page } from './browser';
import { signInAs, openCounterFormFor, waitUntil } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A city that speaks Spanish and takes payments at its office (Norwalk, once counterPaymentsAccepted is on). A clerk
 * records cash and switches the console to Español: the recorded payment's "Paid with" and "Status" are written by the
 * page from the payment's method and status, as the board writes them, and follow the switch, rather than the API's
 * labels kept in the language the payment was recorded in.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true } });
});

async function openCounter(page: Page): Promise<void> {
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await openCounterFormFor(page, '10-1001-00');
  await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
}

const facts = (page: Page) =>
  page
    .getByRole('main')
    .locator('dl')
    .evaluate((dl) => (dl as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim());

it('says what was recorded in Spanish once the clerk switches to Español, not "Cash" and an English status', async () => {
  const { page } = env.tab;
  await openCounter(page);
  await page.getByLabel('Amount', { exact: true }).fill('10.00');
  await page.getByLabel('Cash received', { exact: true }).fill('10.00');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await page.getByRole('heading', { name: 'Payment recorded' }).waitFor();
  const english = await facts(page);
  expect(english).toContain('Cash');

  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { name: 'Pago registrado' }).waitFor();
  // The heading turns at once; the method is the payment's, said again: waited for, not given half a second.
  await waitUntil('the method is said in Spanish', async () => (await facts(page)).includes('Efectivo'));
  const spanish = await facts(page);
  // The page's own terms are Spanish ("Forma de pago", "Estado"); the values must be too.
  expect(spanish).toContain('Forma de pago');
  expect(spanish).not.toMatch(/\bCash\b|\bPosted\b|\bPaid\b|\bCaptured\b/);
  expect(spanish).toContain('Efectivo');
}, 90_000);
