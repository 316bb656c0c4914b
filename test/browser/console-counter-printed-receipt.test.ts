import { platformInBrowser } from './browser';
import { signInAs, openCounterFormFor } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A resident paying cash at the window often has no email on file: the paper the clerk prints is their only receipt.
 * The recorded payment offers Print receipt, and the printed page is the receipt (the city, the account, what was paid,
 * how, its confirmation number, who took it), not the console's navigation, sign-out buttons and Record another payment.
 */
const env = platformInBrowser();
const NORMAN = CITIES[1];

it('prints the recorded payment as a receipt naming the account, without the console around it', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORMAN, 'SUPPORT');
  await openCounterFormFor(page, '2001-0417');
  await page.getByLabel('Amount', { exact: true }).fill('12.00');
  await page.getByLabel('Cash received', { exact: true }).fill('12.00');
  await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await page.getByRole('heading', { level: 2, name: 'Payment recorded' }).waitFor();
  const print = page.getByRole('button', { name: 'Print receipt' });
  expect(await print.count()).toBe(1);

  await page.emulateMedia({ media: 'print' });
  const printed = (await page.locator('body').evaluate((body) => (body as unknown as { innerText: string }).innerText)).replace(/\s+/g, ' ');
  expect(printed).toContain('Account 2001-0417');
  expect(printed).toMatch(/Confirmation number [A-Z0-9-]+/);
  expect(printed).toContain('$12.00');
  expect(printed).toContain('Pat Clerk');
  for (const chrome of ['Payments board', 'Sign out', 'Record another payment', 'Print receipt']) expect(printed).not.toContain(chrome);
}, 90_000);
