import { platformInBrowser, type Page } from './browser';
import { guestPays, signInAs, waitUntil } from './console-staff';
import { goToAccounts, openAccount } from './console-account-pages';
import { CITIES } from './web-pages';

/*
 * A clerk opens an account, goes to the live board, sees a resident's payment to that account arrive, and comes back to
 * the account (through the search, or with the browser's Back button). The account page reads the account, its
 * payments and its ledger again on every visit (console/read-on-visit.ts), so it shows the payment the board just
 * showed, and the balance with it pending, rather than the account as it was first opened.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

const balanceFact = (page: Page, term: string) =>
  page
    .getByRole('region', { name: 'Balance' })
    .locator('div')
    .filter({ has: page.getByRole('term').filter({ hasText: term }) })
    .getByRole('definition')
    .innerText();

/** Waits until the account page shows the payment made meanwhile, and the balance with it pending. */
async function shownAgain(page: Page, confirmation: string): Promise<void> {
  await page.getByRole('region', { name: 'Payments' }).getByText(confirmation).first().waitFor();
  await waitUntil('the balance has the payment pending', async () => (await balanceFact(page, 'Pending payments')) === '$20.00');
}

async function openThenPaidMeanwhile(page: Page, account: string): Promise<string> {
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await goToAccounts(page);
  await openAccount(page, account);
  await page
    .getByRole('region', { name: 'Payments' })
    .getByText(/No payments|Confirmation/)
    .first()
    .waitFor();
  expect(await balanceFact(page, 'Pending payments')).toBe('$0.00');
  // To the board, where the resident's payment shows up live.
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Payments board' }).click();
  await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
  const confirmation = await guestPays(env.platform, 'norwalk', '20.00', { accountNumber: account });
  await page.getByRole('button', { name: new RegExp(confirmation) }).waitFor();
  return confirmation;
}

it('shows the payment the board just showed when the clerk opens the account again from the search', async () => {
  const { page } = env.tab;
  const confirmation = await openThenPaidMeanwhile(page, '10-1001-00');
  await goToAccounts(page);
  await openAccount(page, '10-1001-00');
  await page
    .getByRole('region', { name: 'Payments' })
    .getByText(/No payments|Confirmation/)
    .first()
    .waitFor();
  // The balance is read again (the search's answer left the cached account incomplete), and the payments: waited for,
  // as a clerk looks until the page has loaded, and not found by a timeout when they are not.
  await shownAgain(page, confirmation);
}, 90_000);

it('shows the payment, and the balance with it pending, when the clerk goes Back to the account from the board', async () => {
  const { page } = env.tab;
  const confirmation = await openThenPaidMeanwhile(page, '10-1002-00');
  await page.goBack();
  await page.getByRole('heading', { level: 2, name: /^Account 10-1002-00 · / }).waitFor();
  await shownAgain(page, confirmation);
}, 90_000);
