import { platformInBrowser, type Page } from './browser';
import { signInAs, openCounterFormFor } from './console-staff';
import { CITIES } from './web-pages';

/*
 * The usual counter payer is a disconnected household. The clerk must see, before taking the money, that the account is
 * disconnected and that only the full balance requests restoration; and, once it is recorded, whether restoration was
 * requested, to tell the resident whether their water comes back. Norman's 2003-1188 is disconnected, owing $341.15.
 */
const env = platformInBrowser();
const NORMAN = CITIES[1];

const text = (page: Page, selector: string) =>
  page
    .getByRole('main')
    .locator(selector)
    .first()
    .evaluate((node) => (node as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim());

async function payCash(page: Page, amount: string): Promise<void> {
  await openCounterFormFor(page, '2003-1188');
  await page.getByLabel('Amount', { exact: true }).fill(amount);
  await page.getByLabel('Cash received', { exact: true }).fill(amount);
  await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
}

it('says the account is disconnected and what restores it, then whether the payment requested restoration', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORMAN, 'SUPPORT');
  await payCash(page, '20.00');
  const form = await text(page, 'form.counter-form');
  expect(form).toContain('Service Disconnected');
  expect(form).toContain('Paying the full balance, $341.15, requests restoration of service; less leaves it disconnected.');

  await page.getByRole('button', { name: 'Record payment' }).click();
  await page.getByRole('heading', { level: 2, name: 'Payment recorded' }).waitFor();
  expect(await text(page, 'section.card')).toContain('Not paid in full: service stays disconnected until the rest is paid.');

  await page.getByRole('button', { name: 'Record another payment' }).click();
  await payCash(page, '321.15');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await page.getByRole('heading', { level: 2, name: 'Payment recorded' }).waitFor();
  expect(await text(page, 'section.card')).toContain('Restoration requested: service is restored once another staff member approves it under Restorations.');
}, 90_000);
