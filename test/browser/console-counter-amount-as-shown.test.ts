import { platformInBrowser } from './browser';
import { signInAs, openCounterFormFor } from './console-staff';
import { CITIES } from './web-pages';

// The staff console: the counter page takes an amount written as the console writes money.
const env = platformInBrowser();
const city = CITIES[1]; // Norman takes payments at its office.

describe('the counter payment page', () => {
  it('records the amount due typed as the page shows it (dollar sign and all), as the refund and adjustment dialogs read "$20.50"', async () => {
    const { page } = env.tab;
    await signInAs(page, env.platform, city, 'SUPPORT');
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Counter payment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Counter payment' }).waitFor();
    await page.getByLabel('Account number', { exact: true }).fill('2002-0933');
    await page.getByRole('button', { name: 'Find account' }).click();
    const form = page.getByRole('form', { name: 'Payment to account 2002-0933' });
    await form.waitFor();
    // What the clerk reads out and types: the amount due exactly as the page writes it, dollar sign and all.
    const due = (await form.locator('dt', { hasText: 'Amount due' }).locator('xpath=following-sibling::dd[1]').innerText()).trim();
    expect(due).toMatch(/^\$[\d,]+\.\d\d$/);
    await page.getByLabel('Amount', { exact: true }).fill(due);
    await page.getByLabel('Cash received', { exact: true }).fill(due);
    await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
    await page.getByRole('button', { name: 'Record payment' }).click();
    const outcome = page.getByRole('heading', { level: 2, name: 'Payment recorded' }).or(page.getByRole('alert'));
    await outcome.first().waitFor();
    expect(await outcome.first().innerText()).toBe('Payment recorded');
  }, 90_000);

  it('says beside the field that "12,50" is not an amount, and records nothing', async () => {
    const { page } = env.tab;
    await signInAs(page, env.platform, city, 'SUPPORT');
    await openCounterFormFor(page, '2002-0933');
    await page.getByLabel('Amount', { exact: true }).fill('12,50');
    await page.getByLabel('Cash received', { exact: true }).fill('20.00');
    await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
    await page.getByRole('button', { name: 'Record payment' }).click();
    const amount = page.getByLabel('Amount', { exact: true });
    await page.locator('input[aria-invalid="true"]').waitFor();
    const describedBy = (await amount.getAttribute('aria-describedby')) ?? '';
    expect({ invalid: await amount.getAttribute('aria-invalid'), said: await page.locator(`[id="${describedBy}"]`).innerText() }).toEqual({
      invalid: 'true',
      said: 'Enter the amount in dollars and cents, e.g. 85.85 or $1,250.00.',
    });
    expect(await page.getByRole('heading', { level: 2, name: 'Payment recorded' }).count()).toBe(0);
  }, 90_000);
});
