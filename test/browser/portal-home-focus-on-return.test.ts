import { newCustomer } from '../autopay/autopay-api';
import { GOOD_PASSWORD } from '../customers/customer-api';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { openPage, workerBrowser, type Page, type WatchedPage } from './browser';
import { CITIES, cityUrl, perceived } from './web-pages';

/*
 * A keyboard and screen reader user who goes back to the portal's home from the account pages ("Inicio del portal")
 * or from the sign-in page ("Pagar sin una cuenta"), or with Back, hears the home page's heading: the link they
 * pressed is gone, and focus left on the document says nothing and starts the next Tab at the top of the page. A
 * tab that opens on the home page still starts at its top. (Norwalk, in Spanish, on a device set to Spanish.)
 */
const [NORWALK] = CITIES;
const HOME = 'H1: Pague su factura de servicios';

let platform: TestPlatform;
let tab: WatchedPage;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.close();
});
beforeEach(async () => {
  tab = await openPage(await workerBrowser(), { locale: 'es-MX' });
  tab.page.setDefaultTimeout(10_000);
});
afterEach(async () => {
  try {
    tab.expectNoConsoleErrors();
  } finally {
    await tab.close();
  }
});

/** Focuses a link by name as Tab would reach it, and follows it with Enter. */
async function pressLink(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
}

it('focuses the home page’s heading when a signed-in resident follows “Inicio del portal”', async () => {
  const resident = await newCustomer(platform, { email: 'ines.inicio@example.com', accounts: ['10-1001-00'], locale: 'ES' });
  const { page } = tab;
  await page.goto(`${cityUrl(platform, NORWALK, '/')}sign-in`);
  await page.getByLabel('Correo electrónico').fill(resident.email);
  await page.getByLabel('Contraseña', { exact: true }).fill(GOOD_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Sus cuentas' }).waitFor();

  await pressLink(page, 'Inicio del portal');
  await page.getByRole('heading', { level: 1, name: 'Pague su factura de servicios' }).waitFor();
  expect((await perceived(page)).focus).toBe(HOME);
});

it('focuses the home page’s heading after “Pagar sin una cuenta” on the sign-in page, and after Back', async () => {
  const { page } = tab;
  await page.goto(cityUrl(platform, NORWALK, '/'));
  await page.getByRole('heading', { level: 1, name: 'Pague su factura de servicios' }).waitFor();
  // The tab opened here: nothing is focused for the person, the page starts at its top.
  expect((await perceived(page)).focus).toBe('BODY');

  await pressLink(page, 'Iniciar sesión');
  await page.getByRole('heading', { level: 1, name: 'Inicie sesión en su cuenta' }).waitFor();
  await pressLink(page, 'Pagar sin una cuenta');
  await page.getByRole('heading', { level: 1, name: 'Pague su factura de servicios' }).waitFor();
  expect((await perceived(page)).focus).toBe(HOME);

  await pressLink(page, 'Iniciar sesión');
  await page.getByRole('heading', { level: 1, name: 'Inicie sesión en su cuenta' }).waitFor();
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Pague su factura de servicios' }).waitFor();
  expect((await perceived(page)).focus).toBe(HOME);
});
