import { FixedClock } from '@platform/testkit';
import { CARDS, newCustomer, saveCard, type Customer } from '../autopay/autopay-api';
import { platformInBrowser, type Page } from './browser';
import { openResidentPage, signInResident, switchToSpanish } from './portal-pages';
import { CITIES } from './web-pages';

/*
 * A saved card whose month is over is expired: the wallet says so (not "expires 10/2026", a promise in the past), in
 * English and Spanish, and neither the pay page nor Auto Pay's choice offers it, as the API refuses it (EXPIRED_CARD,
 * METHOD_EXPIRES_TOO_SOON). The pages read `expired` from the API rather than each guessing from the expiry.
 */

// The card is saved last month, good through last month; the pages are then used today (sessions current to the browser).
const today = new Date();
const lastMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 10, 18));
const expiry = { month: lastMonth.getUTCMonth() + 1, year: lastMonth.getUTCFullYear() };
const shownExpiry = `${String(expiry.month).padStart(2, '0')}/${expiry.year}`;
const clock = new FixedClock(lastMonth);
const env = platformInBrowser({ clock, demoDataAt: 'today' });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
const ACCOUNT = '10-1001-00';
let resident: Customer;

beforeAll(async () => {
  resident = await newCustomer(env.platform, { email: 'expired.card@example.com', accounts: [ACCOUNT], card: CARDS.visa, expMonth: expiry.month, expYear: expiry.year });
  // A minute later: the wallet lists cards in the order they were saved, and two saved at one instant in either order.
  clock.advance(60_000);
  await saveCard(env.platform, await resident.client(), CARDS.mastercard, 12, 2031);
  clock.set(new Date());
});

/** Each wallet line as it is seen: without the words only a screen reader is given (the last four said digit by digit). */
const walletLines = (page: Page) =>
  page.evaluate<string[]>(
    `[...document.querySelectorAll('.wallet-list li > span')].map((line) => { const seen = line.cloneNode(true); seen.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove()); return seen.textContent.trim(); })`,
  );

it('the wallet says the card has expired, in English and in Spanish', async () => {
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, resident.email);
  await openResidentPage(page, 'Saved payment methods');
  await page.getByRole('button', { name: 'Remove Mastercard ending 4 4 4 4' }).waitFor();
  expect(await walletLines(page)).toEqual([`Visa ending 4242 · Expired ${shownExpiry}`, 'Mastercard ending 4444 · expires 12/2031']);
  await page.getByText('An expired card is not offered for paying or for autopay.', { exact: false }).waitFor();

  await switchToSpanish(page);
  await page.getByRole('button', { name: 'Eliminar Mastercard que termina en 4 4 4 4' }).waitFor();
  expect(await walletLines(page)).toEqual([`Visa que termina en 4242 · Venció ${shownExpiry}`, 'Mastercard que termina en 4444 · vence 12/2031']);
  env.tab.expectNoConsoleErrors();
});

it('the pay page does not offer the expired card, and opens on the one that is good', async () => {
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, resident.email);
  await page.getByRole('checkbox', { name: `Pay account ${ACCOUNT}` }).check();
  await page.getByLabel(`Amount for account ${ACCOUNT}`).fill('15.00');
  await page.getByRole('button', { name: 'Pay selected accounts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pay your accounts' }).waitFor();
  await page.getByRole('radio', { name: 'Mastercard ending 4 4 4 4' }).waitFor();
  expect(
    await page
      .getByRole('group', { name: 'Pay with' })
      .getByRole('radio', { name: /4 2 4 2/ })
      .count(),
  ).toBe(0);
  expect(await page.getByRole('radio', { name: 'Mastercard ending 4 4 4 4' }).isChecked()).toBe(true);
  env.tab.expectNoConsoleErrors();
});

it("Auto Pay's choice of card does not offer the expired card", async () => {
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, resident.email);
  await openResidentPage(page, 'Auto Pay');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Account ${ACCOUNT}` }) });
  await card.getByRole('button', { name: 'Enroll' }).click();
  await card.getByRole('radio', { name: 'Mastercard ending 4 4 4 4' }).waitFor();
  expect(await card.getByRole('radio').count()).toBe(1);
  expect(await card.getByRole('radio', { name: 'Mastercard ending 4 4 4 4' }).isChecked()).toBe(true);
  env.tab.expectNoConsoleErrors();
});
