import { changeCitySettings } from '../tenants/city-settings';
import { expectNoSeriousAccessibilityViolations, platformInBrowser } from './browser';
import { signInAs } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A clerk who closed their drawer and comes back to the counter page (a resident at the window) learned it was closed
 * only once they had found the account, typed the payment and pressed Record. The page now says so as it opens, in the
 * page's language, and says nothing of the kind while the drawer is open.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
beforeAll(() => changeCitySettings(env.platform, NORWALK.slug, { paymentRules: { counterPaymentsAccepted: true } }));

it('says the clerk’s drawer is closed when the counter page opens, in English and Spanish', async () => {
  const { page } = env.tab;
  const nav = page.getByRole('navigation', { name: 'Console pages' });
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await nav.getByRole('link', { name: 'Counter payment' }).click();
  await page.getByLabel('Account number', { exact: true }).waitFor();
  expect(await page.getByText(/is closed, so a payment you record today is refused/).count()).toBe(0);

  await nav.getByRole('link', { name: 'My drawer' }).click();
  const closing = page.getByRole('form', { name: 'Close the drawer' });
  await closing.getByLabel('Cash counted', { exact: true }).fill('0.00');
  await closing.getByLabel('Checks counted', { exact: true }).fill('0');
  await closing.getByLabel('Checks total', { exact: true }).fill('0.00');
  await closing.getByRole('button', { name: 'Close the drawer' }).click();
  await page.getByRole('region', { name: 'Drawer closed' }).waitFor();

  await nav.getByRole('link', { name: 'Counter payment' }).click();
  const notice = page.getByText(/^Your drawer for .+ is closed, so a payment you record today is refused: another clerk records it, or an administrator reopens your drawer\.$/);
  await notice.waitFor();
  // Above the search: seen, and read, before anything is typed.
  const [said, search] = [await notice.boundingBox(), await page.getByLabel('Account number', { exact: true }).boundingBox()];
  expect(said!.y).toBeLessThan(search!.y);
  await expectNoSeriousAccessibilityViolations(page);

  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByText(/^Su caja del .+ está cerrada, así que un pago que registre hoy se rechaza/).waitFor();
  env.tab.expectNoConsoleErrors();
}, 120_000);
