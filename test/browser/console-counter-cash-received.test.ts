import { FixedClock } from '@platform/testkit';
import { changeCitySettings } from '../tenants/city-settings';
import { platformInBrowser, type Page } from './browser';
import { signInAs, openCounterFormFor } from './console-staff';
import { CITIES } from './web-pages';

/*
 * The counter's cash drawer: a resident hands over a $20 bill for $12.00. The page had one amount, so a clerk who typed
 * the bill credited the account $8.00 too much and had no change to count back. Now, for cash, the clerk types the cash
 * received beside the amount paid: the page says the change due, refuses cash short of the payment, records only what
 * is paid, and prints both on the receipt with the day it was paid and posted, on the city's clock: 04:30 UTC on
 * 10 March is still 9 March in Norman (Central time).
 */
const clock = new FixedClock(new Date('2026-03-10T04:30:00Z'));
const env = platformInBrowser({ clock });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK, NORMAN] = CITIES;

async function openAccount(page: Page): Promise<void> {
  await signInAs(page, env.platform, NORMAN, 'SUPPORT');
  await openCounterFormFor(page, '2001-0417');
  await page.getByLabel('Amount', { exact: true }).fill('12.00');
  await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
}

const printedText = async (page: Page) => {
  await page.emulateMedia({ media: 'print' });
  return (await page.locator('body').evaluate((body) => (body as unknown as { innerText: string }).innerText)).replace(/\s+/g, ' ');
};

it('says the change due for the cash received, records what was paid, and prints both with the day paid and posted', async () => {
  const { page } = env.tab;
  await openAccount(page);
  await page.getByLabel('Cash received', { exact: true }).fill('20');
  await page.getByText('Change due: $8.00').waitFor();
  await page.getByRole('button', { name: 'Record payment' }).click();
  await page.getByRole('heading', { level: 2, name: 'Payment recorded' }).waitFor();

  const printed = await printedText(page);
  expect(printed).toContain('Amount $12.00');
  expect(printed).toContain('Cash received $20.00');
  expect(printed).toContain('Change due $8.00');
  expect(printed).toMatch(/Paid on Mar 9, 2026, 11:30:\d\d PM CDT/);
  expect(printed).toContain('Posted on Mar 9, 2026');
}, 90_000);

it('refuses cash received short of the payment, saying both amounts, and records nothing', async () => {
  const { page } = env.tab;
  await openAccount(page);
  await page.getByLabel('Cash received', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Record payment' }).click();
  const alert = page.getByRole('alert');
  await alert.getByText('The cash received ($10.00) is less than the payment ($12.00)', { exact: false }).waitFor();
  expect(await page.getByLabel('Cash received', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByRole('heading', { name: 'Payment recorded' }).count()).toBe(0);
}, 90_000);

it('asks for the cash received before recording cash, at the field, and records nothing without it', async () => {
  const { page } = env.tab;
  await openAccount(page);
  await page.getByRole('button', { name: 'Record payment' }).click();
  await page.getByRole('alert').getByText('Enter the cash the resident handed over', { exact: false }).waitFor();
  expect(await page.getByLabel('Cash received', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByRole('heading', { name: 'Payment recorded' }).count()).toBe(0);
}, 90_000);

it('asks no cash received of a check', async () => {
  const { page } = env.tab;
  await openAccount(page);
  await page.getByRole('radio', { name: 'Check' }).check();
  await page.getByLabel('Check number', { exact: true }).waitFor();
  expect(await page.getByLabel('Cash received', { exact: true }).count()).toBe(0);
}, 90_000);

it("prints the receipt in the city's other language, dated on its clock (Norwalk, Pacific time, in Spanish)", async () => {
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true } });
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await openCounterFormFor(page, '10-1001-00');
  await page.getByLabel('Amount', { exact: true }).fill('5.00');
  await page.getByLabel('Cash received', { exact: true }).fill('5.00');
  await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await page.getByRole('heading', { name: 'Payment recorded' }).waitFor();
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { name: 'Pago registrado' }).waitFor();

  const printed = await printedText(page);
  expect(printed).toMatch(/Pagado el 9 mar 2026, 9:30:00[^A-Z]*PDT/);
  expect(printed).toContain('Aplicado a la cuenta el 9 mar 2026');
}, 90_000);
